/**
 * The rank index: an order-statistic B+tree (count descending, key ascending) of immutable nodes,
 * their codec, and batch updates by path copying. Pure data structure; node storage is the
 * caller's ({@link io.countd.server.rank.NodeStore}).
 *
 * <p>{@link io.countd.server.rank.RankTree} is one version of the tree: ranked reads and ranks in
 * O(log n + rows). {@link io.countd.server.rank.TreeBatch} builds the next version from many
 * insertions and removals ({@link io.countd.server.rank.RankMoves} hands an apply's moves to it
 * grouped by count, for the caches' sake), and {@link io.countd.server.rank.TreeChanges} says
 * which nodes to write and which to remove. Versions share unchanged nodes, loaded lazily and
 * kept in memory; a version stays readable after a later one has been written to storage. Node
 * layout and size limits are specified in {@code format-spec/keyspace-store.md}, section 4. A
 * damaged stored tree gives
 * {@link io.countd.server.rank.CorruptIndexException}, never a loop;
 * {@link io.countd.server.rank.TreeVerifier} checks a stored tree node by node for operators and
 * names every fault it finds.
 */
package io.countd.server.rank;
