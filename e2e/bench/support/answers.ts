/**
 * The answers the benchmark streams, and their token chunks: a Markdown answer with headings, paragraphs, lists,
 * code blocks and a table, cut to an exact number of tokens (o200k_base, as OpenAI's current models count them)
 * and ending with a sentinel the page watches for; a long one for the per-update cost; a numbered word stream for
 * the latency of each chunk. Deterministic: the same text every run.
 */
import { decode, encode } from 'gpt-tokenizer/encoding/o200k_base';

export type StreamedAnswer = {
  text: string;
  /** One chunk per token, in order; joined, they are `text`. */
  chunks: string[];
  /** The answer's last words: painted, they mean the whole answer is on screen. */
  sentinel: string;
};

const TOPICS = [
  'connection pooling',
  'retry budgets',
  'incremental parsing',
  'cache invalidation',
  'rate limiting',
  'structured logging',
  'schema migrations',
  'backpressure',
];

/** One section of the answer; `n` varies its words so no two sections are identical. */
export function markdownSection(n: number): string {
  const topic = TOPICS[n % TOPICS.length]!;
  const parts = [
    `## ${n + 1}. ${topic[0]!.toUpperCase()}${topic.slice(1)}`,
    `When a service handles **${topic}** badly, the symptoms appear far from the cause: requests time out, ` +
      `queues grow, and the graphs show *latency* rising long before errors do. Section ${n + 1} walks through ` +
      `a small example and the trade-offs that matter in practice, with \`code\` where it helps.`,
    [
      `- Measure first: record the p50 and p95 of each call (case ${n}).`,
      `- Bound every queue, and reject early when it is full.`,
      `- Keep the configuration in one place, with defaults that are safe.`,
    ].join('\n'),
  ];
  if (n % 2 === 0) {
    parts.push(
      [
        '```ts',
        `export async function withRetry${n}<T>(call: () => Promise<T>, attempts = 3): Promise<T> {`,
        '  let lastError: unknown;',
        '  for (let i = 0; i < attempts; i++) {',
        '    try {',
        '      return await call();',
        '    } catch (error) {',
        '      lastError = error;',
        `      await new Promise((r) => setTimeout(r, 2 ** i * ${100 + n}));`,
        '    }',
        '  }',
        '  throw lastError;',
        '}',
        '```',
      ].join('\n'),
    );
  } else {
    parts.push(
      [
        '| Setting | Default | Why |',
        '| --- | --- | --- |',
        `| pool size | ${8 + n} | one per core, plus headroom |`,
        `| timeout | ${30 + n} s | longer than the slowest healthy call |`,
        '| retries | 3 | with jittered exponential backoff |',
      ].join('\n'),
    );
  }
  parts.push(
    [
      `1. Reproduce the problem with a load test (run ${n}).`,
      '2. Change one setting at a time.',
      '3. Keep the change only if the numbers improve.',
    ].join('\n'),
  );
  if (n % 3 === 2) {
    parts.push(
      [
        '```python',
        `def backoff(attempt: int, base: float = 0.${n + 1}) -> float:`,
        '    return base * 2 ** attempt',
        '```',
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}

function closingSentence(n: number): string {
  const topic = TOPICS[n % TOPICS.length]!;
  return `Point ${n + 1}: revisit ${topic} whenever the load changes.`;
}

function tokenChunks(text: string): string[] {
  return encode(text).map((token) => decode([token]));
}

/**
 * A Markdown answer of exactly `tokens` tokens: sections until the budget is nearly spent, filler words in a
 * closing paragraph to reach it, and the sentinel last.
 */
export function markdownAnswer(tokens: number, id: string): StreamedAnswer {
  const sentinel = `End of answer ${id}.`;
  const sections: string[] = [];
  for (let n = 0; ; n++) {
    const next = [...sections, markdownSection(n)].join('\n\n');
    if (encode(next).length > tokens - 60) break;
    sections.push(markdownSection(n));
  }
  const body = sections.join('\n\n');
  const sentences: string[] = [];
  for (
    let n = 0;
    encode(`${body}\n\n${[...sentences, closingSentence(n)].join(' ')}`).length < tokens - 24;
    n++
  ) {
    sentences.push(closingSentence(n));
  }
  // The sentinel is tokenized on its own, so its id cannot change how the text before it is cut.
  const ending = tokenChunks(` ${sentinel}`);
  for (const word of ['now', 'again', 'too', 'so']) {
    for (let filler = 0; filler < 48; filler++) {
      const closing = `${sentences.join(' ')} In short: measure, bound, and change one thing at a time${` ${word}`.repeat(filler)}.`;
      const chunks = [...tokenChunks(`${body}\n\n${closing}`), ...ending];
      if (chunks.length === tokens) return { text: chunks.join(''), chunks, sentinel };
      if (chunks.length > tokens) break;
    }
  }
  throw new Error(`Could not make an answer of ${tokens} tokens.`);
}

/** A Markdown answer of at least `chars` characters (whole sections), chunked by token. */
export function longMarkdownAnswer(chars: number, id: string): StreamedAnswer {
  const sentinel = `End of answer ${id}.`;
  const sections: string[] = [];
  for (let n = 0; sections.join('\n\n').length < chars; n++) sections.push(markdownSection(n));
  const text = `${sections.join('\n\n')}\n\n${sentinel}`;
  return { text, chunks: tokenChunks(text), sentinel };
}

/**
 * Numbered words, one chunk each (` w0001`, ` w0002`...), in paragraphs of `perParagraph` words, so the page can
 * tell from the last number on screen which chunk it is showing.
 */
export function numberedWords(count: number, perParagraph = 20): StreamedAnswer {
  const chunks: string[] = [];
  for (let i = 1; i <= count; i++) {
    const word = `w${String(i).padStart(4, '0')}`;
    chunks.push(i === 1 ? word : i % perParagraph === 1 ? `\n\n${word}` : ` ${word}`);
  }
  const text = chunks.join('');
  return { text, chunks, sentinel: `w${String(count).padStart(4, '0')}` };
}
