/** Everything one `npm run bench` measured: the machine and versions, and each section's figures (latest.json). */
import type {
  EnvironmentSection,
  FootprintSection,
  LatencySection,
  LedgerSection,
  OpeningSection,
  PerUpdateSection,
  StreamingSection,
  TypingSection,
} from '../support/sections';

export type Meta = {
  date: string;
  machine: {
    cpu: string;
    cores: number;
    memoryBytes: number;
    os: string;
    /** The one-minute load average when the run started and ended: other work on the machine shows here. */
    loadAverage: { start: number; end: number };
  };
  versions: { node: string; chromium: string; modeldesk: string; commit: string };
  runs: number;
  durationSeconds: number;
};

export type Sections = {
  environment?: EnvironmentSection;
  streaming?: StreamingSection;
  throttled?: StreamingSection;
  'per-update'?: PerUpdateSection;
  opening?: OpeningSection;
  typing?: TypingSection;
  latency?: LatencySection;
  ledger?: LedgerSection;
  bundle?: Pick<FootprintSection, 'bundle' | 'coldLoad'>;
  'main-memory'?: FootprintSection['mainMemory'];
  'renderer-heap'?: FootprintSection['rendererHeap'];
};

export type BenchResults = { meta: Meta; sections: Sections };
