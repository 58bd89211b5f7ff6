/**
 * The entry points: picocli commands for the daemons ({@code countd-write}, {@code countd-worker},
 * {@code countd-read}, {@code countd serve}) and the admin commands ({@code countd incr}, {@code top},
 * {@code logs}, {@code dump-log}, {@code keyspaces}, {@code status}, {@code verify},
 * {@code bench}); flags with their environment defaults; signals ({@code Running}); one-line
 * errors and exit codes ({@code Launcher}: 2 for bad flags, 1 for failures). The admin commands'
 * output, tables for people and one JSON text with {@code --json}, is specified in
 * {@code format-spec/countd-cli.md}. Nothing here is long-lived or used by other packages.
 */
package io.countd.server.cli;
