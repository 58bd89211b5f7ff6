package io.countd.server.rank;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Nodes kept encoded in a map, so every load and write goes through the codec. */
public final class MemoryNodes implements NodeStore {
    private final Map<Long, byte[]> stored = new HashMap<>();
    private long loads;

    @Override
    public Node load(long id) {
        loads++;
        byte[] data = stored.get(id);
        return data == null ? null : NodeCodec.decode(data);
    }

    @Override
    public void write(long id, Node node) {
        stored.put(id, NodeCodec.encode(node));
    }

    @Override
    public void remove(long id) {
        if (stored.remove(id) == null) {
            throw new AssertionError("removing node " + id + ", which is not stored");
        }
    }

    public Set<Long> ids() {
        return stored.keySet();
    }

    public long loads() {
        return loads;
    }
}
