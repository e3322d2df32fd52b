/**
 * The response cache: an optional exact-match cache of answers, in the local SQLite database (area `cache`), so it
 * survives restarts. Entries expire after a TTL and the least recently used go first when the cache holds more
 * than its entry or byte bound. By default it is used only for temperature 0 (a profile may force it on or off);
 * "regenerate" never reads it (and stores the fresh answer in place of the old one).
 */
import type { Settings } from '@contract/settings';
import type { Database, Migration } from '../storage/database';
import type { ChatResponse } from '../providers/types';
import { systemClock, type Clock } from './clock';

export type CacheSettings = {
  /** The master switch (Settings → Cache). */
  enabled: boolean;
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
};

export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;

export function cacheSettingsFrom(
  settings: Settings['cache'],
  maxBytes = DEFAULT_CACHE_MAX_BYTES,
): CacheSettings {
  return {
    enabled: settings.enabled,
    ttlMs: Math.round(settings.ttlHours * 3_600_000),
    maxEntries: settings.maxEntries,
    maxBytes,
  };
}

export type CacheMode = 'auto' | 'on' | 'off';

/**
 * Whether a request reads and writes the cache: off when the cache is switched off or the profile says off;
 * `auto` only at temperature 0; regenerate never reads (and does write, replacing the old answer).
 */
export function cacheUse(input: {
  enabled: boolean;
  mode: CacheMode;
  temperature: number | undefined;
  regenerate: boolean;
}): { read: boolean; write: boolean } {
  const on = input.enabled && (input.mode === 'on' || (input.mode === 'auto' && input.temperature === 0));
  return { read: on && !input.regenerate, write: on };
}

export type CachedAnswer = {
  response: ChatResponse;
  /** `provider:model` that gave the answer. */
  model: string;
  createdAt: number;
};

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    up: `
      CREATE TABLE response_cache (
        key TEXT PRIMARY KEY,
        model TEXT NOT NULL,
        response TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_seq INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX response_cache_lru ON response_cache (used_seq);
      CREATE INDEX response_cache_expiry ON response_cache (expires_at);
    `,
  },
];

export class ResponseCache {
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    /** Read on every use, so changed settings apply at once. */
    readonly settings: () => CacheSettings,
    clock: Clock = systemClock,
  ) {
    this.clock = clock;
    db.migrate('cache', MIGRATIONS);
  }

  /** The answer stored under `key`, unless it expired; a hit becomes the most recently used entry. */
  get(key: string): CachedAnswer | null {
    const row = this.db.get<{ model: string; response: string; created_at: number; expires_at: number }>(
      'SELECT model, response, created_at, expires_at FROM response_cache WHERE key = ?',
      key,
    );
    if (!row) return null;
    if (row.expires_at <= this.clock.now()) {
      this.db.run('DELETE FROM response_cache WHERE key = ?', key);
      return null;
    }
    let response: ChatResponse;
    try {
      response = JSON.parse(row.response) as ChatResponse;
    } catch {
      this.db.run('DELETE FROM response_cache WHERE key = ?', key);
      return null;
    }
    this.db.run('UPDATE response_cache SET used_seq = ? WHERE key = ?', this.nextSeq(), key);
    return { response, model: row.model, createdAt: row.created_at };
  }

  /** Stores (or replaces) an answer, then drops expired entries and the least recently used beyond the bounds. */
  put(key: string, model: string, response: ChatResponse): void {
    const settings = this.settings();
    const json = JSON.stringify(response);
    const bytes = Buffer.byteLength(json);
    if (bytes > settings.maxBytes) return;
    const now = this.clock.now();
    this.db.transaction(() => {
      this.db.run(
        `INSERT INTO response_cache (key, model, response, bytes, created_at, expires_at, used_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET model = excluded.model, response = excluded.response, bytes = excluded.bytes,
           created_at = excluded.created_at, expires_at = excluded.expires_at, used_seq = excluded.used_seq`,
        key,
        model,
        json,
        bytes,
        now,
        now + settings.ttlMs,
        this.nextSeq(),
      );
      this.db.run('DELETE FROM response_cache WHERE expires_at <= ?', now);
      this.evict(settings);
    });
  }

  stats(): { entries: number; bytes: number } {
    const row = this.db.get<{ entries: number; bytes: number | null }>(
      'SELECT COUNT(*) AS entries, SUM(bytes) AS bytes FROM response_cache',
    );
    return { entries: row?.entries ?? 0, bytes: row?.bytes ?? 0 };
  }

  clear(): void {
    this.db.run('DELETE FROM response_cache');
  }

  private evict(settings: CacheSettings): void {
    const { entries } = this.stats();
    if (entries > settings.maxEntries) {
      this.db.run(
        'DELETE FROM response_cache WHERE key IN (SELECT key FROM response_cache ORDER BY used_seq ASC LIMIT ?)',
        entries - settings.maxEntries,
      );
    }
    let { bytes } = this.stats();
    while (bytes > settings.maxBytes) {
      const oldest = this.db.get<{ key: string; bytes: number }>(
        'SELECT key, bytes FROM response_cache ORDER BY used_seq ASC LIMIT 1',
      );
      if (!oldest) break;
      this.db.run('DELETE FROM response_cache WHERE key = ?', oldest.key);
      bytes -= oldest.bytes;
    }
  }

  private nextSeq(): number {
    const row = this.db.get<{ seq: number | null }>('SELECT MAX(used_seq) AS seq FROM response_cache');
    return (row?.seq ?? 0) + 1;
  }
}
