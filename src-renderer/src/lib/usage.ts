import type { Usage } from '@contract/usage';

// The contract's own helpers live beside its zod schemas; importing them would put zod (80 KB) in the page's bundle.

/** Every input token, cached or not. */
export function inputTokens(usage: Usage): number {
  return (
    usage.input.uncached + usage.input.cacheRead + usage.input.cacheWrite + (usage.input.cacheWrite1h ?? 0)
  );
}

/** Every output token, reasoning included. */
export function outputTokens(usage: Usage): number {
  return usage.output.text + usage.output.reasoning;
}
