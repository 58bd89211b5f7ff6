/**
 * {@code countd-write}: the TCP server that takes 520-byte write messages, appends the valid ones
 * to the commit log through group commit, and acknowledges each message once, in order, when it is
 * durable under the fsync policy. Imports {@code log}, never {@code store}.
 */
package io.countd.server.write;
