package io.countd.tools.tc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code importtsv -sc} key normalization; expected values observed with Debian's tchmgr. */
class TextNormalizerTest {
    private static String norm(String s) {
        return new String(TextNormalizer.normalize(s.getBytes(StandardCharsets.UTF_8), TextNormalizer.ALL),
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"  Hello   WORLD  \"|hello world", "Café AU LAIT|cafe au lait", "ＡＢＣ１２３|abc123",
        "Straße Æ×Þ|strase æ×y", "ΑΒΓ АБ|αβγ аб", "a‐b−c’d|a-b-c'd", "ctl\u0001x\u007fy|ctl x y",
        "ｶﾞﾊﾟ|ガパ", "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ|aaaaaaæceeeeiiii", "ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß|dnooooo×ouuuuyys",
        "àçèìðñò÷øùýþÿ|aceidno÷ouyyy", "ŁłĀŸŽ|llayz", "a\u3000b|a b", "a\u00a0b|a b", "a\u2003\u2002b|a b",
        "\"end  \"|end", "\u00a0lead|lead", "KeY One|key one", "ｳﾞｱﾞﾊﾞﾊﾟﾊ|ヴアﾞバパハ", "＂！＃＄|＂!#$",
    })
    void normalizesLikeTc(String in, String out) {
        assertEquals(out, norm(in));
    }

    @Test
    void dropsWhatItCannotDecode() {
        byte[] in = {'b', 'a', 'd', (byte) 0xff, 'u', 't', 'f', (byte) 0xc3, '(', 'x'};
        assertEquals("badutf(x", new String(TextNormalizer.normalize(in, TextNormalizer.ALL), StandardCharsets.UTF_8));
        assertEquals("", HexFormat.of().formatHex(TextNormalizer.normalize(new byte[] {(byte) 0xe3, (byte) 0x81},
                TextNormalizer.ALL)));
        // a 4-byte sequence is not understood: its lead vanishes and the rest decodes as 2 bytes
        byte[] emoji = {'x', (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, 'y'};
        assertEquals("78df9879", HexFormat.of().formatHex(TextNormalizer.normalize(emoji, TextNormalizer.ALL)));
    }

    @Test
    void optionsApplySeparately() {
        byte[] in = "  ＡÉ  ".getBytes(StandardCharsets.UTF_8);
        assertEquals("  ＡÉ  ", new String(TextNormalizer.normalize(in, 0), StandardCharsets.UTF_8));
        assertEquals("ＡÉ", new String(TextNormalizer.normalize(in, TextNormalizer.SPACE), StandardCharsets.UTF_8));
        assertEquals("  ａé  ", new String(TextNormalizer.normalize(in, TextNormalizer.LOWER), StandardCharsets.UTF_8));
        assertEquals("  ＡE  ", new String(TextNormalizer.normalize(in, TextNormalizer.NO_ACCENT), StandardCharsets.UTF_8));
        assertEquals("  AÉ  ", new String(TextNormalizer.normalize(in, TextNormalizer.WIDTH), StandardCharsets.UTF_8));
    }
}
