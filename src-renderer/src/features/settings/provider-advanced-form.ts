/**
 * A provider's advanced settings as the form holds them (text), and back: extra headers written one per line as
 * `Name: value`, rate limits and retry attempts as numbers where blank means "no limit" or "the default".
 */
import type { ProviderSettings } from '@contract/settings';
import type { FormErrors } from './custom-model-form';

export type AdvancedForm = {
  headers: string;
  requestsPerMinute: string;
  tokensPerMinute: string;
  maxAttempts: string;
};
type Advanced = Pick<ProviderSettings, 'headers' | 'rateLimit' | 'retry'>;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function advancedForm(provider: Advanced): AdvancedForm {
  return {
    headers: Object.entries(provider.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
    requestsPerMinute: provider.rateLimit.requestsPerMinute?.toString() ?? '',
    tokensPerMinute: provider.rateLimit.tokensPerMinute?.toString() ?? '',
    maxAttempts: provider.retry.maxAttempts?.toString() ?? '',
  };
}

function optionalInt(text: string, min: number, max: number): number | undefined | 'invalid' {
  const trimmed = text.trim().replace(/[\s,_]/g, '');
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isInteger(n) && n >= min && n <= max ? n : 'invalid';
}

export function advancedFromForm(
  form: AdvancedForm,
  current: Advanced,
): { ok: true; value: Advanced } | { ok: false; errors: FormErrors<keyof AdvancedForm> } {
  const errors: FormErrors<keyof AdvancedForm> = {};
  const headers: Record<string, string> = {};
  form.headers.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) {
      errors.headers ??= `Line ${index + 1} is not a header: write it as Name: value, for example X-Team: research.`;
      return;
    }
    headers[name] = line.slice(colon + 1).trim();
  });
  const requests = optionalInt(form.requestsPerMinute, 1, 1_000_000);
  const tokens = optionalInt(form.tokensPerMinute, 1, 1_000_000_000);
  const attempts = optionalInt(form.maxAttempts, 1, 10);
  if (requests === 'invalid') errors.requestsPerMinute = 'A whole number of requests, or blank for no limit.';
  if (tokens === 'invalid') errors.tokensPerMinute = 'A whole number of tokens, or blank for no limit.';
  if (attempts === 'invalid') errors.maxAttempts = 'From 1 to 10 attempts, or blank for the default (4).';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const rateLimit: Advanced['rateLimit'] = {};
  if (typeof requests === 'number') rateLimit.requestsPerMinute = requests;
  if (typeof tokens === 'number') rateLimit.tokensPerMinute = tokens;
  const { maxAttempts: _old, ...retry } = current.retry;
  return {
    ok: true,
    value: {
      headers,
      rateLimit,
      retry: typeof attempts === 'number' ? { ...retry, maxAttempts: attempts } : retry,
    },
  };
}
