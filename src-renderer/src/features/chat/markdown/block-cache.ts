/**
 * A least-recently-used cache with a size budget: Map keeps insertion order, so a hit is re-inserted at the end and
 * the oldest entries are evicted from the front.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, { value: V; size: number }>();
  private total = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxSize = Number.POSITIVE_INFINITY,
    private readonly sizeOf: (key: K, value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const existing = this.map.get(key);
    if (existing) {
      this.total -= existing.size;
      this.map.delete(key);
    }
    const size = this.sizeOf(key, value);
    this.map.set(key, { value, size });
    this.total += size;
    while (this.map.size > this.maxEntries || (this.total > this.maxSize && this.map.size > 1)) {
      const oldest = this.map.keys().next().value as K;
      this.total -= this.map.get(oldest)!.size;
      this.map.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }

  get totalSize(): number {
    return this.total;
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}
