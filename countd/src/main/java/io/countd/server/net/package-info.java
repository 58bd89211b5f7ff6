/**
 * What the TCP daemons share: the transport (native epoll or NIO) and listening addresses.
 */
package io.countd.server.net;
