/**
 * {@code tchmgr}'s subcommands. {@link io.countd.tools.tchmgr.TchmgrMain} parses the command line
 * ({@code CommandLine}, {@code Subcommand}, {@code Usage}) and runs one command per subcommand
 * ({@code CreateCommand}, {@code InformCommand}, {@code PutCommand}, {@code ListCommand}, ...) in a
 * {@code Session} that prints TC's error lines. Commands open the database through
 * {@code Opener}, which maps TC's open modes onto the engine's builder and, with {@code -nl},
 * judges a header TC would not validate through the engine's
 * {@link io.countd.engine.RawHeader}.
 */
package io.countd.tools.tchmgr;
