/**
 * The report of {@code tools/bin/bench-compare}: from the raw figures of every round it prints
 * one table (the median of each system per row and the ratio of ours to the anchor) and draws the
 * throughput chart as SVG text.
 *
 * <p>Input, one figure per line, tab-separated: {@code section row system unit value}; a line
 * {@code #section name ours anchor} says which system of a section is ours and which is its
 * anchor ({@code best}: the best of the others, row by row). Units ending in {@code /s} are better
 * higher; every other unit (s, ms, MiB) better lower. Lines of section {@code scale} whose row ends
 * in a record count also feed the chart.
 */
package io.countd.bench.report;
