package io.dblab.joe.frontend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The newest entries put, at most a given number: the eldest goes when one more comes. Thread-safe. */
public final class Newest<K, V> {
    private final Map<K, V> entries;

    public Newest(int kept) {
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > kept;
            }
        };
    }

    public synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    /** Puts the entry unless the key is there; true when it was not. */
    public synchronized boolean putIfAbsent(K key, V value) {
        return entries.putIfAbsent(key, value) == null;
    }

    public synchronized Optional<V> get(K key) {
        return Optional.ofNullable(entries.get(key));
    }
}
