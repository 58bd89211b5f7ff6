package io.countd.tools.tchtest;

/** The usage text: C's subcommand lines for the three tests this driver runs, plus {@code -le|-be}. */
final class Usage {
    private Usage() {
    }

    /** The text for a program invoked as {@code prog}. */
    static String text(String prog) {
        return prog + ": tchtest-compatible benchmark driver of the countd hash database engine\n"
                + "\n"
                + "usage:\n"
                + "  " + prog + " write [-mt] [-tl] [-td|-tb|-tt|-tx] [-rc num] [-xm num] [-df num] [-nl|-nb] [-as] [-rnd]"
                + " [-le|-be] path rnum [bnum [apow [fpow]]]\n"
                + "  " + prog + " read [-mt] [-rc num] [-xm num] [-df num] [-nl|-nb] [-wb] [-rnd] path\n"
                + "  " + prog + " remove [-mt] [-rc num] [-xm num] [-df num] [-nl|-nb] [-rnd] path\n"
                + "\n";
    }
}
