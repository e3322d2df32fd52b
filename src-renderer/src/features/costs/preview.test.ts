import { describe, expect, it } from 'vitest';
import { plainPreview } from './preview';

describe('a message preview', () => {
  it('drops the Markdown marks a one-line link would show as stray symbols', () => {
    expect(
      plainPreview(
        '**Emulated reply** from `claude-sonnet-4-5` (anthropic).\n\nYou wrote:\n\n> Summarize both\n\n- one\n- *two*',
      ),
    ).toBe('Emulated reply from claude-sonnet-4-5 (anthropic). You wrote: Summarize both one two');
  });

  it('keeps link and image text, heading and list words, and snake_case names', () => {
    expect(plainPreview('## Pricing\n1. See [the docs](https://x.test) and ![chart](a.png)')).toBe(
      'Pricing See the docs and chart',
    );
    expect(plainPreview('Call max_tokens_to_sample, not 2 * 3 * 4')).toBe(
      'Call max_tokens_to_sample, not 2 * 3 * 4',
    );
  });

  it('leaves code fences out but keeps the code', () => {
    expect(plainPreview('```ts\nconst a = 1;\n```')).toBe('const a = 1;');
  });
});
