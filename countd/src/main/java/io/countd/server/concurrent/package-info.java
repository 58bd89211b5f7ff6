/** Small concurrency helpers shared by the daemons. */
package io.countd.server.concurrent;
