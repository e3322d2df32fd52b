/**
 * Downloads a dataset file over HTTP(S), bounded in time and size: the request is aborted after `timeoutMs`, and
 * a body larger than `maxBytes` (announced or as it streams in) is refused without reading the rest. Runs in
 * main (and in the generator), never in the window.
 */
import { MAX_DATASET_BYTES, DatasetError } from './genai-prices';
import { formatBytes } from '@contract/format';

export type FetchOptions = {
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
};

export const DATASET_TIMEOUT_MS = 30_000;

export function checkDatasetUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatasetError(`"${url}" is not a web address. Write it in full, starting with https://.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new DatasetError(
      `Only http and https addresses can be checked, not ${parsed.protocol}. Nothing was changed.`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new DatasetError(
      'The address carries a user name or password; give it without them. Nothing was changed.',
    );
  }
  return parsed;
}

export async function fetchDataset(url: string, options: FetchOptions = {}): Promise<string> {
  const target = checkDatasetUrl(url);
  const maxBytes = options.maxBytes ?? MAX_DATASET_BYTES;
  const timeoutMs = options.timeoutMs ?? DATASET_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(target, { signal, redirect: 'follow', headers: { accept: 'application/json' } });
  } catch (error) {
    if (timeout.aborted) {
      throw new DatasetError(
        `${target.host} did not answer within ${timeoutMs / 1000} s. Nothing was changed; try again later.`,
      );
    }
    if (options.signal?.aborted) throw new DatasetError('The check was cancelled. Nothing was changed.');
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new DatasetError(
      `Could not reach ${target.host}${cause ? ` (${cause})` : ''}. Check the network or the address, or import a downloaded file instead. Nothing was changed.`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new DatasetError(
      `${target.host} answered ${response.status} for ${target.pathname}. Nothing was changed; check the address in Settings → Models, or try again later.`,
    );
  }
  const announced = Number(response.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new DatasetError(tooLarge(maxBytes));
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new DatasetError(tooLarge(maxBytes));
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(
      timeout.aborted
        ? `${target.host} did not finish sending within ${timeoutMs / 1000} s. Nothing was changed; try again later.`
        : `The download from ${target.host} broke off. Nothing was changed; try again.`,
    );
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

function tooLarge(maxBytes: number): string {
  return `The file is larger than a price dataset can be (${formatBytes(maxBytes)}). Nothing was changed; check that the address points at a genai-prices dataset.`;
}
