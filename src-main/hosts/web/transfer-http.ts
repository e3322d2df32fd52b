/**
 * The web host's file transport for transfers: a file travels as one HTTP request body, streamed to disk, not as a
 * WebSocket message (a 500 MB backup in one frame would sit whole in the page's and the host's memory, and hold up
 * every other call on the socket). Guards, as for the bridge: the run's secret (a header for uploads, so a page
 * of another origin cannot post one; the query for downloads, which the page opens as links), the Origin of
 * uploads, and the size limit, declared and actual. Downloads are served as attachments, never rendered.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRANSFER_HTTP } from '@contract/transfer';
import type { HostableCore } from '../../core/hostable';

export const isTransferPath = (path: string) =>
  path === TRANSFER_HTTP.uploads || path.startsWith(TRANSFER_HTTP.artifacts);

type Guards = {
  core: HostableCore;
  secretMatches: (given: string | null | undefined) => boolean;
  allowedOrigins: ReadonlySet<string>;
  onLog?: ((message: string) => void) | undefined;
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}

/** RFC 6266 / 5987 filename parameters: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function serveTransfer(
  req: IncomingMessage,
  res: ServerResponse,
  guards: Guards,
): Promise<void> {
  const transfers = guards.core.transfers;
  const url = new URL(req.url ?? '/', 'http://host');
  if (!transfers) {
    res.writeHead(404).end();
    return;
  }
  if (url.pathname === TRANSFER_HTTP.uploads) {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const secret = req.headers[TRANSFER_HTTP.secretHeader];
    if (!guards.secretMatches(typeof secret === 'string' ? secret : null))
      return json(res, 403, { error: 'Forbidden.' });
    if (!guards.allowedOrigins.has(req.headers.origin ?? '')) return json(res, 403, { error: 'Forbidden.' });
    const declared =
      req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    if (declared !== undefined && (!Number.isSafeInteger(declared) || declared < 0)) {
      return json(res, 400, { error: 'Bad Content-Length.' });
    }
    let name = 'upload';
    try {
      name = decodeURIComponent(String(req.headers[TRANSFER_HTTP.nameHeader] ?? 'upload')).slice(0, 500);
    } catch {
      // A name that does not decode is replaced, not trusted.
    }
    try {
      const info = await transfers.receiveUpload({
        name,
        body: req,
        ...(declared !== undefined ? { declaredBytes: declared } : {}),
      });
      json(res, 200, info);
    } catch (error) {
      const info =
        typeof (error as { toInfo?: unknown }).toInfo === 'function'
          ? (error as { toInfo(): { message: string; action?: string } }).toInfo()
          : null;
      if (!info) guards.onLog?.(`Upload failed: ${(error as Error).message}`);
      // Stop reading what the page is still sending; say why first.
      res.setHeader('connection', 'close');
      json(res, info ? 413 : 500, { error: info?.message ?? 'The upload failed.', action: info?.action });
      req.resume();
    }
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (!guards.secretMatches(url.searchParams.get('secret'))) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden.');
    return;
  }
  const file = transfers.artifactFile(url.pathname.slice(TRANSFER_HTTP.artifacts.length));
  if (!file) {
    res
      .writeHead(404, { 'content-type': 'text/plain' })
      .end('This export is no longer here; export it again.');
    return;
  }
  res.writeHead(200, {
    'content-type': file.mediaType === 'text/markdown' ? 'text/markdown; charset=utf-8' : file.mediaType,
    'content-length': file.bytes,
    'content-disposition': contentDisposition(file.filename),
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file.path).pipe(res);
}
