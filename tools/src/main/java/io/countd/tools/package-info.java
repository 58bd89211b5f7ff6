/**
 * The command-line tools over the engine, taking the arguments and printing the output of Tokyo
 * Cabinet's own: the entry points {@code Tchmgr} and {@code Tchtest} (started by
 * {@code tools/bin/tchmgr} and {@code tools/bin/tchtest}, which pass the invoked name first), and
 * what both need: raw command-line bytes ({@code RawArguments}), standard streams that write bytes
 * as C's stdio does ({@code Console}), the report a C tool prints at exit
 * ({@code ProcessReport}), glibc's random numbers ({@code GlibcRandom}), a logger that keeps
 * the engine quiet ({@code QuietLoggerFinder}), and the run the launchers record their
 * class-data-sharing archive from ({@code StartupTraining}). The subcommands of {@code tchmgr} live in {@link io.countd.tools.tchmgr}, TC's
 * text and number conventions in {@link io.countd.tools.tc}; {@code format-spec/tchmgr.md}
 * specifies the output.
 */
package io.countd.tools;
