import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from './attachments';
import { ConversationStore } from './conversations';
import { Database } from './database';
import type { StorageError } from './errors';
import { gifBytes, jpegBytes, makeTempDir, pngBytes, webpBytes } from './testing/fixtures';

describe('AttachmentStore', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Database;
  let clock: number;
  let store: AttachmentStore;
  const dir = () => join(temp.dir, 'attachments');

  beforeEach(() => {
    temp = makeTempDir();
    clock = Date.now();
    db = new Database(join(temp.dir, 'modeldesk.db'));
    store = new AttachmentStore(db, {
      dir: dir(),
      now: () => clock,
      limits: { maxBytes: 64 * 1024, maxPixels: 4_000_000 },
    });
  });
  afterEach(() => {
    db.close();
    temp.remove();
  });

  const refusal = (bytes: Uint8Array, name?: string) => {
    try {
      store.add({ bytes, name });
    } catch (error) {
      return (error as StorageError).toInfo();
    }
    throw new Error('expected a refusal');
  };

  it('stores each accepted type with its real type and dimensions', () => {
    expect(store.add({ bytes: pngBytes(30, 20), name: 'a.png' })).toMatchObject({
      mediaType: 'image/png',
      width: 30,
      height: 20,
    });
    expect(store.add({ bytes: jpegBytes(640, 480) })).toMatchObject({
      mediaType: 'image/jpeg',
      width: 640,
      height: 480,
    });
    expect(store.add({ bytes: gifBytes(10, 12) })).toMatchObject({
      mediaType: 'image/gif',
      width: 10,
      height: 12,
    });
    expect(store.add({ bytes: webpBytes(300, 200) })).toMatchObject({
      mediaType: 'image/webp',
      width: 300,
      height: 200,
    });
  });

  it('stores the same bytes once, under their sha256, keeping the first name', () => {
    const bytes = pngBytes(8, 8);
    const first = store.add({ bytes, name: 'first.png' });
    const second = store.add({ bytes, name: 'second.png' });
    expect(second).toEqual(first);
    expect(first.name).toBe('first.png');
    expect(first.hash).toMatch(/^[a-f0-9]{64}$/);
    expect(readdirSync(join(dir(), first.hash.slice(0, 2)))).toEqual([first.hash]);
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM attachments')?.n).toBe(1);
    expect(store.read(first.hash).bytes.equals(bytes)).toBe(true);
    expect(store.file(first.hash)).toEqual({
      path: join(dir(), first.hash.slice(0, 2), first.hash),
      mediaType: 'image/png',
      bytes: bytes.length,
    });
    expect(store.file('f'.repeat(64))).toBeNull();
    expect(store.file('../../etc/passwd')).toBeNull();
  });

  it('refuses unsupported, broken, empty and oversized files, saying what to do', () => {
    expect(refusal(Buffer.from('BM' + 'x'.repeat(100)), 'scan.bmp')).toMatchObject({
      kind: 'bad_request',
      message: '"scan.bmp" is a BMP file; Modeldesk can send only PNG, JPEG, GIF and WebP images.',
      action: 'Open it in an image editor, export it as PNG or JPEG, and attach that.',
    });
    expect(refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.svg').message).toContain(
      'is a SVG file',
    );
    expect(refusal(Buffer.from('hello world'), 'notes.txt').message).toBe(
      '"notes.txt" is not an image Modeldesk can send; only PNG, JPEG, GIF and WebP are accepted.',
    );
    const png = pngBytes(40, 40);
    expect(refusal(png.subarray(0, png.length - 20), 'cut.png')).toMatchObject({
      message: '"cut.png" looks like a PNG image but is incomplete or damaged, so it cannot be sent.',
      action: 'Open it in an image viewer to check it, or download or export it again.',
    });
    const webp = webpBytes(10, 10);
    expect(refusal(webp.subarray(0, webp.length - 4)).message).toContain(
      'looks like a WebP image but is incomplete',
    );
    const jpeg = jpegBytes(10, 10);
    expect(refusal(jpeg.subarray(0, jpeg.length - 2)).message).toContain(
      'looks like a JPEG image but is incomplete',
    );
    expect(refusal(Buffer.alloc(0), 'empty.png').message).toBe('"empty.png" is empty.');
    expect(refusal(Buffer.alloc(100 * 1024, 1), 'huge.png')).toMatchObject({
      message: '"huge.png" is 100 KB; Modeldesk accepts images up to 64 KB.',
      action: 'Export it smaller (for example as JPEG, or at a lower resolution) and attach it again.',
    });
    expect(refusal(gifBytes(4000, 2000), 'wide.gif')).toMatchObject({
      message: '"wide.gif" is 4000 × 2000 pixels; Modeldesk accepts images up to 4 megapixels.',
      action: 'Scale it down (for example to 4000 pixels on the long side) and attach it again.',
    });
    expect(existsSync(dir())).toBe(false);
  });

  it('refuses to send a stored copy that no longer matches its hash', () => {
    const a = store.add({ bytes: pngBytes(5, 5), name: 'x.png' });
    writeFileSync(store.filePath(a.hash), 'tampered');
    expect(() => store.read(a.hash)).toThrow('The stored copy of "x.png" is damaged.');
    // Adding the image again repairs the stored copy.
    store.add({ bytes: pngBytes(5, 5) });
    expect(store.read(a.hash).bytes.equals(pngBytes(5, 5))).toBe(true);
  });

  it('collects images nothing refers to once the grace period is over', () => {
    const conversations = new ConversationStore(db, { attachments: store, now: () => clock });
    const c = conversations.create();
    const kept = store.add({ bytes: pngBytes(6, 6, 1) });
    const orphan = store.add({ bytes: pngBytes(6, 6, 2) });
    const batchItem = store.add({ bytes: pngBytes(6, 6, 3) });
    conversations.addUserMessage({ conversationId: c.id, text: 'see', attachments: [kept.hash] });
    db.exec('CREATE TABLE batch_items (attachment_hash TEXT)');
    db.run('INSERT INTO batch_items VALUES (?)', batchItem.hash);
    store.addReferenceQuery('SELECT attachment_hash AS hash FROM batch_items');

    expect(store.collectGarbage(60_000)).toEqual({ removed: 0, bytesFreed: 0 });
    clock += 60_000;
    // A stray file from a killed write, old enough to go.
    const stray = join(dir(), kept.hash.slice(0, 2), `${kept.hash}.tmp-123-abcd`);
    writeFileSync(stray, 'partial');
    utimesSync(stray, new Date(0), new Date(0));
    expect(store.collectGarbage(60_000)).toEqual({ removed: 2, bytesFreed: orphan.bytes + 'partial'.length });
    expect(existsSync(store.filePath(orphan.hash))).toBe(false);
    expect(store.get(orphan.hash)).toBeNull();
    expect(readFileSync(store.filePath(kept.hash)).length).toBe(kept.bytes);
    expect(store.get(batchItem.hash)).not.toBeNull();

    conversations.softDelete(c.id);
    clock += 60_000;
    expect(store.collectGarbage(0).removed).toBe(0);
    conversations.purgeDeleted(0);
    expect(store.collectGarbage(0).removed).toBe(1);
    expect(store.get(kept.hash)).toBeNull();
  });

  it('will not collect before any area has said what refers to images', () => {
    store.add({ bytes: pngBytes(3, 3) });
    expect(() => store.collectGarbage(0)).toThrow(/reference queries/);
  });
});
