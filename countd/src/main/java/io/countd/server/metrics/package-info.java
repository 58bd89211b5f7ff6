/**
 * What {@code GET /metrics} and the dashboard report: the counters of the daemons, read from the
 * parts that own them (write connections, group commit, workers, read server), and the states of
 * the commit logs and keyspaces, exported through the Prometheus Java client. Imports
 * {@code write}, {@code worker}, {@code read}, {@code log} and {@code store}; nothing imports it
 * but {@code http} and the entry points.
 */
package io.countd.server.metrics;
