/**
 * The wire formats of countd's binary protocols, encoded and decoded without I/O or allocation:
 * the 520-byte write message and its 3-byte replies, the 272-byte ranked-read request and its
 * response. See {@code format-spec/countd-protocol.md}. Messages are read from Netty buffers
 * (the server's) or byte arrays (clients and tests).
 */
package io.countd.server.protocol;
