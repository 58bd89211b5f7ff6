/**
 * The rank index: an order-statistic B+tree (count descending, key ascending) of immutable nodes, their codec, and batch updates by path copying. Pure data structure; node storage is the caller's.
 */
package io.countd.server.rank;
