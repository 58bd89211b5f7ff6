/**
 * A Java client of countd that depends on nothing but the JDK. {@link io.countd.client.CountdClient}
 * sends increments (batched, pipelined, each acknowledged through a future), runs ranked reads and
 * point lookups; its Javadoc states the delivery guarantee (at most once per call). Failures are
 * {@link io.countd.client.CountdException}s: {@link io.countd.client.RefusedException} when the
 * server said no, {@link io.countd.client.ConnectionLostException} when an increment's outcome is
 * unknown. The wire formats are specified in {@code format-spec/countd-protocol.md}.
 */
package io.countd.client;
