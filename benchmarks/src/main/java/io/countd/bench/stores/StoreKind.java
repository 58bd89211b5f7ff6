package io.countd.bench.stores;

import java.nio.file.Path;

/** The stores of the benchmark, by the name its {@code store} parameter takes. */
public enum StoreKind {
    COUNTD("countd"),
    LMDBJAVA("lmdbjava"),
    CHRONICLE_MAP("chronicle-map"),
    ROCKSDB("rocksdb"),
    MVSTORE("mvstore");

    private final String label;

    StoreKind(String label) {
        this.label = label;
    }

    /** The parameter value naming this store. */
    public String label() {
        return label;
    }

    /** The store named {@code label}; IllegalArgumentException for an unknown name. */
    public static StoreKind of(String label) {
        for (StoreKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown store: " + label);
    }

    /** Opens a new, empty store in {@code folder} (which exists and is empty), sized for {@code entries}. */
    public Store open(Path folder, int entries) {
        return switch (this) {
            case COUNTD -> new CountdStore(folder, entries);
            case LMDBJAVA -> new LmdbStore(folder, entries);
            case CHRONICLE_MAP -> new ChronicleStore(folder, entries);
            case ROCKSDB -> new RocksStore(folder);
            case MVSTORE -> new MvStoreStore(folder);
        };
    }
}
