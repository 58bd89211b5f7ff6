/**
 * {@code countd-read}: the TCP server of ranked reads. Each 272-byte request (keyspace, offset,
 * length) is answered from one consistent view of the keyspace, in request order. Imports
 * {@code store}, never {@code log}.
 */
package io.countd.server.read;
