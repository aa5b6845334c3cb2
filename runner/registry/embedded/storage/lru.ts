/** A least-recently-used cache bounded by the total size of its values. */
export interface ByteLru<K> {
  get(key: K): Uint8Array | undefined;
  set(key: K, value: Uint8Array): void;
  delete(key: K): void;
  readonly bytes: number;
}

// An LRU cache holding at most `maxBytes` of values; a value larger than that is not cached.
export function createByteLru<K>(maxBytes: number): ByteLru<K> {
  const entries = new Map<K, Uint8Array>();
  let bytes = 0;

  function remove(key: K): void {
    const value = entries.get(key);
    if (!value) return;
    entries.delete(key);
    bytes -= value.byteLength;
  }

  return {
    get(key) {
      const value = entries.get(key);
      if (value) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      remove(key);
      if (value.byteLength > maxBytes) return;
      entries.set(key, value);
      bytes += value.byteLength;
      for (const [oldest, old] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= old.byteLength;
      }
    },
    delete: remove,
    get bytes() {
      return bytes;
    },
  };
}
