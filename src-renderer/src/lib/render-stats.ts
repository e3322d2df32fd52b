/**
 * Counters of the Markdown pipeline's work, so benchmarks and tests can check without a clock that the cost of one
 * streaming update does not grow with the message's length or the conversation's history.
 *
 * Off by default (one boolean check per count). Enabled when `window.__modeldeskRenderStats` exists before the app
 * loads (a benchmark injects `{}`), or with `?renderStats` in the page URL. The live object is
 * `window.__modeldeskRenderStats`; `reset()` zeroes it.
 */
export type RenderStats = {
  /** Lexer runs (one per streaming update: only the unfinished tail is lexed). */
  lexRuns: number;
  /** Characters handed to the lexer, in all. */
  lexedChars: number;
  /** Blocks turned into HTML (marked parse, highlight, sanitize): a cache miss. */
  blockParses: number;
  /** Blocks whose HTML came from the cache. */
  blockCacheHits: number;
  /** Finished blocks put into the page (each finished block once per mount of its message). */
  finishedBlockRenders: number;
  /** Times the growing last block was parsed into HTML (when it starts, changes kind, or on a slow cadence). */
  tailParses: number;
  /** Updates of the growing last block that only appended text to the DOM (no parse, no React render). */
  tailAppends: number;
  /** Renders of a message view, streaming or not (history must not count up per token). */
  messageRenders: number;
  /** Renders of the streaming message's view (only when what it shows besides the growing text changed). */
  streamingRenders: number;
  /** React renders of a message's Markdown (a streamed one renders once: its updates are drawn outside React). */
  blockListRenders: number;
  /** Store commits of coalesced stream batches (at most one per animation frame). */
  streamCommits: number;
  reset(): void;
};

type Counter = Exclude<keyof RenderStats, 'reset'>;

const COUNTERS: Counter[] = [
  'lexRuns',
  'lexedChars',
  'blockParses',
  'blockCacheHits',
  'finishedBlockRenders',
  'tailParses',
  'tailAppends',
  'messageRenders',
  'streamingRenders',
  'blockListRenders',
  'streamCommits',
];

function createStats(target: Partial<RenderStats> = {}): RenderStats {
  const stats = target as RenderStats;
  stats.reset = () => {
    for (const key of COUNTERS) stats[key] = 0;
  };
  stats.reset();
  return stats;
}

type StatsHost = { __modeldeskRenderStats?: Partial<RenderStats>; location?: { search: string } };

function detect(): RenderStats | null {
  const host = globalThis as unknown as StatsHost;
  if (host.__modeldeskRenderStats && typeof host.__modeldeskRenderStats === 'object') {
    return createStats(host.__modeldeskRenderStats);
  }
  if (host.location && /[?&]renderStats\b/.test(host.location.search)) {
    host.__modeldeskRenderStats = createStats();
    return host.__modeldeskRenderStats as RenderStats;
  }
  return null;
}

let active: RenderStats | null = detect();

/** Adds to a counter when stats are enabled. */
export function countRender(counter: Counter, amount = 1): void {
  if (active) active[counter] += amount;
}

/** Turns counting on for a test, into a fresh object it returns. */
export function enableRenderStats(): RenderStats {
  active = createStats();
  return active;
}

export function disableRenderStats(): void {
  active = null;
}
