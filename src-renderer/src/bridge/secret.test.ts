import { describe, expect, it } from 'vitest';
import { SECRET_STORAGE_KEY, takeBridgeSecret } from './secret';
import { buildAttachmentUrl } from './attachments';

function fakeBrowser(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  return {
    location: { href },
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)),
    },
    storage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    },
    replaced,
    stored: storage,
  };
}

describe('takeBridgeSecret', () => {
  it('reads the secret from the URL, keeps it for reloads and removes it from the address bar', () => {
    const b = fakeBrowser('http://127.0.0.1:5000/?secret=abc%2B1&view=x#/settings');
    expect(takeBridgeSecret(b.location, b.history, b.storage)).toBe('abc+1');
    expect(b.stored.get(SECRET_STORAGE_KEY)).toBe('abc+1');
    expect(b.replaced).toEqual(['/?view=x#/settings']);
  });

  it('falls back to the stored secret after a reload', () => {
    const b = fakeBrowser('http://127.0.0.1:5000/', { [SECRET_STORAGE_KEY]: 'kept' });
    expect(takeBridgeSecret(b.location, b.history, b.storage)).toBe('kept');
    expect(b.replaced).toEqual([]);
  });

  it('returns null when there is none', () => {
    const b = fakeBrowser('http://127.0.0.1:5000/');
    expect(takeBridgeSecret(b.location, b.history, b.storage)).toBeNull();
  });
});

describe('buildAttachmentUrl', () => {
  const hash = 'a'.repeat(64);
  it('points at the web host with the secret, or at the app protocol', () => {
    expect(buildAttachmentUrl(hash, { kind: 'web', secret: 'x y' })).toBe(
      `/attachments/${hash}?secret=x%20y`,
    );
    expect(buildAttachmentUrl(hash, { kind: 'electron' })).toBe(`app://modeldesk/attachments/${hash}`);
  });
  it('refuses anything that is not a content hash', () => {
    expect(() => buildAttachmentUrl('../etc/passwd', { kind: 'electron' })).toThrow(/not an attachment hash/);
  });
});
