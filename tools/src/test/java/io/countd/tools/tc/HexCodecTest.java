package io.countd.tools.tc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HexCodecTest {
    @ParameterizedTest(name = "\"{0}\" decodes to {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "41|41", "4142|4142", "\"41 42\"|4142", "\" 41\"|41", "\"41\t42\"|4142", "\"4 1\"|04", "414|41",
        "zz|00", "4z|04", "z4|04", "G1|01", "0x41|0041", "AbCd|abcd", "ab:cd|ab0c", "-1|01", "\"\"|\"\"",
        "\"41 \"|41", "\"61 0a 00 62 ff\"|610a0062ff",
    })
    void decodesLikeTc(String text, String hex) {
        assertEquals(hex, HexFormat.of().formatHex(HexCodec.decode(text.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void nonAsciiBytesAreNeitherHexNorBlank() {
        assertEquals("00", HexFormat.of().formatHex(HexCodec.decode("é".getBytes(StandardCharsets.UTF_8))));
        assertEquals("4100", HexFormat.of().formatHex(HexCodec.decode("41é".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void blanksAtTheEndReadIntoTheFollowingArgument() {
        // argv block "4142 \0" "5a5a\0": the skip steps over the NUL and decodes one more pair.
        byte[] block = "4142 \u00005a5a\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("41425a", HexFormat.of().formatHex(HexCodec.decode(block, 0, 5)));
        byte[] block2 = "41  \u00005a5a\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("415a", HexFormat.of().formatHex(HexCodec.decode(block2, 0, 4)));
        byte[] block3 = " 45\t46 \u00005a\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("45465a", HexFormat.of().formatHex(HexCodec.decode(block3, 0, 7)));
    }

    @Test
    void encodesSpacedUpperCasePairs() {
        assertArrayEquals("76 61 6C 00 FF".getBytes(StandardCharsets.US_ASCII),
                HexCodec.encode(new byte[] {0x76, 0x61, 0x6c, 0, (byte) 0xff}));
        assertArrayEquals(new byte[0], HexCodec.encode(new byte[0]));
    }
}
