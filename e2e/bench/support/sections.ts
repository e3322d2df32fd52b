/** The shape of each section's figures, as the benchmark files save them and the report reads them. */
import type { StreamMeasurement } from './streaming';

/**
 * Items 1 and 8: one answer streamed at each rate, by the app, by the app as it was before (`previous`, when it
 * could be built) and by the baseline, with or without throttling.
 */
export type StreamingSection = {
  answerTokens: number;
  historyMessages: number;
  throttle: number;
  /** The commit the previous version was built from, or why there is none. */
  previous?: { commit: string; label: string } | { reason: string };
  rates: Array<{
    rate: number;
    app: StreamMeasurement[];
    previous: StreamMeasurement[];
    baseline: StreamMeasurement[];
  }>;
};

/** Per-update work counted over a window of updates. */
export type UpdateCounts = {
  /** Updates in the window (the app's stream commits, the baseline's re-renders). */
  updates: number;
  /** Characters handed to the Markdown lexer/parser per update. */
  parsedCharsPerUpdate: number;
  /** Blocks turned into HTML per update (app). */
  blockParsesPerUpdate?: number;
  /** React renders per update: finished blocks, history messages (app). */
  finishedBlockRendersPerUpdate?: number;
  historyRendersPerUpdate?: number;
};

/** Item 2: the same counts near 1 KB and near 20 KB of answer text, and with 10 and 1,000 messages of history. */
export type PerUpdateSection = {
  windowChars: number;
  answerChars: number;
  rate: number;
  app: {
    short: UpdateCounts;
    long: UpdateCounts;
    shortWithLongHistory: UpdateCounts;
    longWithLongHistory: UpdateCounts;
  };
  baseline: { short: UpdateCounts; long: UpdateCounts };
};

export type OpenMeasurement = {
  messages: number;
  /** Click (or call) to the last message painted in view. */
  paintedMs: number;
  longestTaskMs: number;
  longestFrameMs: number;
  domNodes: number;
};

/** Item 3. */
export type OpeningSection = {
  app: OpenMeasurement[];
  baseline: OpenMeasurement[];
  huge: { app: OpenMeasurement; baseline: OpenMeasurement | null; baselineNote?: string };
};

export type TypingMeasurement = { keys: number; p50: number; p95: number; max: number };

/** Item 4. */
export type TypingSection = {
  rate: number;
  /** Characters typed per run, and the pause between keys. */
  typedChars: number;
  keyDelayMs: number;
  app: TypingMeasurement[];
  baseline: TypingMeasurement[];
  /** The app with nothing streaming: the delay typing has anyway. */
  idle: TypingMeasurement[];
};

export type LatencyMeasurement = { chunks: number; p50: number; p95: number; max: number };

/** Item 5. */
export type LatencySection = {
  rate: number;
  chunks: number;
  app: LatencyMeasurement[];
  baseline: LatencyMeasurement[];
};

/** Item 6. */
export type LedgerSection = {
  records: number;
  appendMs: number;
  queries: Array<{ name: string; rollupsMs: number[]; naiveMs: number[] }>;
};

export type ColdLoad = { interactiveMs: number; firstContentfulPaintMs: number };

/** Item 7. */
export type FootprintSection = {
  bundle: {
    files: number;
    totalBytes: number;
    initialJsBytes: number;
    initialJsGzipBytes: number;
    initialCssBytes: number;
    lazyJsBytes: number;
    fontBytes: number;
    baselineJsBytes: number;
    baselineJsGzipBytes: number;
  };
  coldLoad: { app: ColdLoad[]; baseline: ColdLoad[] };
  /** Resident memory (RSS) and the JS heap after a full collection, at start and as messages go through. */
  mainMemory: {
    checkpoints: Array<{ messages: number; residentBytes: number; heapBytes: number }>;
    seconds: number;
  };
  /** JS heap after a full collection: at start, then after each conversation was opened and closed. */
  rendererHeap: {
    conversations: number;
    messagesEach: number;
    app: number[];
    baseline: number[];
  };
};

export type EnvironmentSection = { chromium: string };
