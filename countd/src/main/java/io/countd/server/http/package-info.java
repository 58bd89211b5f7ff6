/**
 * The HTTP/JSON API and the dashboard page of {@code countd serve} and {@code countd-read}: ranked
 * reads and point lookups from the keyspace store, keyspace listing, Prometheus metrics, health,
 * and one self-contained page that polls them. Names travel as percent-encoded path segments and
 * appear in JSON as strings (valid UTF-8) or {@code {"hex": …}} objects. Specified in
 * {@code format-spec/countd-http.md}. Imports {@code store} and {@code metrics}, never {@code log}.
 */
package io.countd.server.http;
