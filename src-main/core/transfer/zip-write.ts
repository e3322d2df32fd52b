/**
 * Writes zip files (multi-file exports, backups) on yazl, streaming to disk: images are stored as they are (they
 * are compressed already), text and the database are deflated.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import yazl from 'yazl';

export class ZipWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly done: Promise<void>;

  constructor(path: string) {
    const out = createWriteStream(path, { mode: 0o600 });
    this.zip.outputStream.pipe(out);
    this.done = once(out, 'close').then(() => undefined);
    out.on('error', () => undefined);
  }

  addText(name: string, text: string): void {
    this.zip.addBuffer(Buffer.from(text, 'utf8'), name, { compress: true, mtime: new Date() });
  }

  addBytes(name: string, bytes: Buffer, compress = false): void {
    this.zip.addBuffer(bytes, name, { compress, mtime: new Date() });
  }

  addFile(name: string, path: string, compress = true): void {
    this.zip.addFile(path, name, { compress, mtime: new Date() });
  }

  async finish(): Promise<void> {
    this.zip.end();
    await this.done;
  }
}
