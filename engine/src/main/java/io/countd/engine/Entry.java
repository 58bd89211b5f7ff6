package io.countd.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A record: a key and its value. Immutable; the accessors return the arrays themselves, which the
 * caller must not modify. Equality compares contents.
 */
public final class Entry {
    private final byte[] key;
    private final byte[] value;

    /**
     * A record of {@code key} and {@code value}, kept as given (not copied).
     *
     * @param key the key
     * @param value the value
     */
    public Entry(byte[] key, byte[] value) {
        this.key = key;
        this.value = value;
    }

    /**
     * The key.
     *
     * @return the key's bytes, not a copy
     */
    public byte[] key() {
        return key;
    }

    /**
     * The value.
     *
     * @return the value's bytes, not a copy
     */
    public byte[] value() {
        return value;
    }

    /**
     * The key decoded as UTF-8.
     *
     * @return the key as text
     */
    public String keyString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /**
     * The value decoded as UTF-8.
     *
     * @return the value as text
     */
    public String valueString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry other && Arrays.equals(key, other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Entry[" + keyString() + "=" + valueString() + "]";
    }
}
