// @ts-check
/**
 * Puts a time bound on Electron's own binary download. scripts/electron-binary.mjs loads this file, through
 * NODE_OPTIONS=--require, into the process that requires `electron` and so into Electron's installer
 * (node_modules/electron/install.js), which `require('electron')` runs when the binary is missing. The installer
 * downloads with the global `fetch` (@electron/get's FetchDownloader) and sets no time limit of its own, so behind a
 * firewall that drops packets silently it would wait for minutes. Here every fetch of that process gets:
 *
 * - an answer (DNS, connection, TLS, redirects, status and headers) within MODELDESK_ELECTRON_ANSWER_TIMEOUT_MS
 *   (default 15 s);
 * - then never more than MODELDESK_ELECTRON_STALL_TIMEOUT_MS (default 30 s) without a byte of the body.
 *
 * A slow download that keeps moving is never cut. What happens is reported on stderr, one line each, prefixed
 * `modeldesk-electron-fetch ` and followed by JSON: `answer`, `progress` (at most every 2 s), `done` and `failed`
 * (with the cause in words); the launcher turns them into progress lines and, on failure, one clear paragraph.
 */
'use strict';

const REPORT_PREFIX = 'modeldesk-electron-fetch ';
const PROGRESS_EVERY_MS = 2000;

/** @param {string} name @param {number} fallback */
function millis(name, fallback) {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const ANSWER_TIMEOUT_MS = millis('MODELDESK_ELECTRON_ANSWER_TIMEOUT_MS', 15_000);
const STALL_TIMEOUT_MS = millis('MODELDESK_ELECTRON_STALL_TIMEOUT_MS', 30_000);

/** @param {Record<string, unknown>} event */
function report(event) {
  process.stderr.write(`${REPORT_PREFIX}${JSON.stringify(event)}\n`);
}

/** @param {number} ms */
const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;

/** @param {string} url */
function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The cause of a failed fetch in words: Node reports `TypeError: fetch failed` and hides the reason in `cause`
 * (an address that refused, a name that did not resolve, a certificate), sometimes one per address tried.
 * @param {unknown} error
 * @returns {string}
 */
function describe(error) {
  /** @type {any} */
  let cause = error;
  while (cause && typeof cause === 'object' && cause.cause) cause = cause.cause;
  if (cause && Array.isArray(cause.errors) && cause.errors.length > 0) cause = cause.errors[0];
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = cause && typeof cause === 'object' && typeof cause.code === 'string' ? cause.code : '';
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

const originalFetch = globalThis.fetch;

/** @type {typeof fetch} */
async function boundedFetch(input, init = {}) {
  const url = input instanceof Request ? input.url : String(input);
  const controller = new AbortController();
  /** @param {string} reason */
  const stop = (reason) => {
    report({ event: 'failed', url, reason });
    controller.abort(new Error(reason));
  };
  const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
  const answerTimer = setTimeout(
    () => stop(`no answer from ${hostOf(url)} within ${seconds(ANSWER_TIMEOUT_MS)}`),
    ANSWER_TIMEOUT_MS,
  );
  /** @type {Response} */
  let response;
  try {
    response = await originalFetch(input, { ...init, signal });
  } catch (error) {
    if (!controller.signal.aborted) report({ event: 'failed', url, reason: describe(error) });
    const reason = controller.signal.aborted ? describe(controller.signal.reason) : describe(error);
    throw new Error(`Could not download ${url}: ${reason}`, { cause: error });
  } finally {
    clearTimeout(answerTimer);
  }
  report({ event: 'answer', url, status: response.status, statusText: response.statusText });
  if (!response.ok || !response.body) return response;

  const total = Number(response.headers.get('content-length')) || null;
  let received = 0;
  let reportedAt = Date.now();
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let stallTimer;
  const arm = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(
      () => stop(`the download from ${hostOf(url)} stopped: no data for ${seconds(STALL_TIMEOUT_MS)}`),
      STALL_TIMEOUT_MS,
    );
  };
  arm();
  const body = response.body.pipeThrough(
    new TransformStream({
      transform(chunk, output) {
        received += chunk.byteLength;
        arm();
        if (Date.now() - reportedAt >= PROGRESS_EVERY_MS) {
          reportedAt = Date.now();
          report({ event: 'progress', url, received, total });
        }
        output.enqueue(chunk);
      },
      flush() {
        clearTimeout(stallTimer);
        report({ event: 'done', url, received });
      },
    }),
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

if (typeof originalFetch === 'function') globalThis.fetch = boundedFetch;
