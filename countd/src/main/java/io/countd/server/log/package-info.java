/**
 * The commit-log pool: log files, their header, checksummed frames and generation, lock links and modes, rotation, recovery and growth. The only package that knows the files under {@code DIR/logs/}. See {@code format-spec/commitlog.md}.
 */
package io.countd.server.log;
