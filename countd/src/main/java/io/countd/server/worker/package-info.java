/**
 * Workers: each takes a sealed commit log, sums its increments per keyspace and key, applies the
 * sums to the keyspace files exactly once through the store, quarantines what cannot be applied,
 * and recycles the log. Imports {@code log} and {@code store}; knows neither's files.
 */
package io.countd.server.worker;
