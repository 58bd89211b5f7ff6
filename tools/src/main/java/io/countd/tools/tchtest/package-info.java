/**
 * {@code tchtest}: Tokyo Cabinet's benchmark driver ({@code write}, {@code read}, {@code remove})
 * with its command line and report, running the workloads through the Java engine so that runs of
 * both programs can be timed side by side and their files compared byte for byte.
 *
 * <p>{@link io.countd.tools.tchtest.TchtestMain} parses the command line ({@code CommandLine}) and
 * runs one test ({@code WriteTest}, {@code ReadTest}, {@code RemoveTest}); a test drives the
 * records through a {@code TestHandle}, which keeps TC's error bookkeeping and writes the report.
 * {@code format-spec/tchtest.md} is the specification.
 */
package io.countd.tools.tchtest;
