/**
 * Writes responses onto the socket: JSON bodies, paced streams, raw replays, and the faults that break them
 * (a cut connection, an error inside a stream, malformed JSON, a reset before any header). Stops at once when
 * the client goes away, and records what happened on the request's record.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { now, sleep, sleepUntil } from './clock';
import type { StreamRendering } from './frames';
import type { ErrorSpec } from './provider-errors';
import type { Pace } from './reply';
import type { RecordedRequest } from './types';

/** One request and its response in progress. `clientGone` aborts when the client disconnects first. */
export type Exchange = {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  clientGone: AbortSignal;
};

/** How a stream is broken, if it is. */
export type StreamBreak =
  | { kind: 'cut-mid-stream'; afterChunks: number }
  | { kind: 'stream-error'; afterChunks: number; spec: ErrorSpec }
  | { kind: 'malformed-json'; afterChunks: number };

/** How a JSON body is broken, if it is. */
export type BodyBreak = { kind: 'cut-mid-stream' } | { kind: 'malformed-json' };

function writeHead(ex: Exchange, status: number, headers: OutgoingHttpHeaders): void {
  ex.res.writeHead(status, headers);
  ex.record.status = status;
}

/** Writes `data`; resolves once it is handed to the OS (so a cut that follows loses none of it). */
function write(ex: Exchange, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (ex.clientGone.aborted) return resolve();
    ex.res.write(data, () => resolve());
  });
}

/** Cuts the connection mid-response: the client sees a premature close. */
function cut(ex: Exchange): void {
  ex.record.outcome = 'connection-cut';
  ex.res.socket?.destroy();
}

/** Resets the connection before any header is sent: the client sees ECONNRESET. */
export function resetBeforeHeaders(ex: Exchange): void {
  ex.record.outcome = 'connection-cut';
  const socket = ex.req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

export async function sendJson(
  ex: Exchange,
  status: number,
  headers: Record<string, string>,
  payload: unknown,
  options: { delayMs?: number; fault?: BodyBreak } = {},
): Promise<void> {
  if (!(await sleep(options.delayMs ?? 0, ex.clientGone))) return;
  const text = JSON.stringify(payload);
  const half = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  const body = options.fault?.kind === 'malformed-json' ? half : text;
  writeHead(ex, status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  if (options.fault?.kind === 'cut-mid-stream') {
    await write(ex, half);
    cut(ex);
    return;
  }
  ex.res.end(body);
}

/** Sends bytes exactly as given (fixture replays). */
export function sendRaw(
  ex: Exchange,
  status: number,
  headers: Record<string, string>,
  body: string | Uint8Array,
): void {
  writeHead(ex, status, { ...headers, 'content-length': Buffer.byteLength(body) });
  ex.res.end(body);
}

/**
 * Streams `rendering.frames`: headers after the first-byte delay, content frames on an absolute schedule
 * (first one after `firstChunkDelayMs`, then one per `intervalMs`, so high rates hold on average), other
 * frames as soon as the content before them is out. A break happens before the `afterChunks`-th content
 * frame, or, when the stream has fewer, before its finishing frames.
 */
export async function sendStream(
  ex: Exchange,
  headers: Record<string, string>,
  rendering: StreamRendering,
  pace: Pace,
  fault?: StreamBreak,
): Promise<void> {
  if (!(await sleep(pace.firstByteDelayMs, ex.clientGone))) return;
  writeHead(ex, 200, {
    ...headers,
    'content-type': rendering.contentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  ex.res.flushHeaders();

  const contentTotal = rendering.frames.filter((frame) => frame.kind === 'content').length;
  const breakAt = fault ? Math.min(fault.afterChunks, contentTotal) : -1;
  let written = 0;
  let scheduleStart = 0;
  let lastFlush: Promise<void> = Promise.resolve();

  for (const frame of rendering.frames) {
    const atBreak =
      fault &&
      written === breakAt &&
      (frame.kind === 'content' || (frame.kind === 'finish' && written === contentTotal));
    if (atBreak) {
      await lastFlush;
      breakStream(ex, rendering, fault);
      return;
    }
    if (frame.kind === 'content') {
      if (written === 0) {
        if (!(await sleep(pace.firstChunkDelayMs, ex.clientGone))) return;
        scheduleStart = now();
      } else if (!(await sleepUntil(scheduleStart + written * pace.intervalMs, ex.clientGone))) {
        return;
      }
    }
    if (ex.clientGone.aborted) return;
    if (frame.kind === 'content') {
      ex.record.chunkTimes.push(now());
      written += 1;
    }
    lastFlush = write(ex, frame.data);
    if (ex.res.writableNeedDrain) await lastFlush;
  }
  if (!ex.clientGone.aborted) ex.res.end();
}

/** Breaks a stream whose frames so far are out (flushed to the OS). */
function breakStream(ex: Exchange, rendering: StreamRendering, fault: StreamBreak): void {
  if (fault.kind === 'cut-mid-stream') {
    cut(ex);
    return;
  }
  const frame = fault.kind === 'stream-error' ? rendering.errorFrame(fault.spec) : rendering.malformedFrame;
  ex.res.end(frame);
}
