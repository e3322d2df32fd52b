/**
 * Issue 16's cuts to the streaming path, each with the part of the renderer's script time it targets: the profile's
 * time by owner (cdp.ts `byOwner`: modules from the source maps, built-ins counted for their callers) grouped so
 * that the previous version's figure and the current one's, measured in the same run, show what each cut saved.
 */
import { BENCH_PROBE } from '../support/cdp';

export type CostCategory = {
  name: string;
  /** What issue 16 changed about it. */
  cut: string;
  owns: (owner: string) => boolean;
};

const REACT = new Set([
  'react',
  'react-dom',
  'scheduler',
  'zustand',
  'use-sync-external-store',
  'lucide-react',
]);
const MARKDOWN = new Set(['marked', 'highlight.js', 'dompurify', 'katex']);

export const CATEGORIES: CostCategory[] = [
  {
    name: 'List measuring and scroll-follow',
    cut:
      'The list measures a grown answer in the frame that grew it (virtuoso’s ResizeObserver without its extra ' +
      'animation frame, which made every update cost two frames), and only when its height changed; a streaming ' +
      'answer’s row keeps a screen of room below its text, so the list measures it a screen at a time instead of at ' +
      'every new line, and following keeps the text’s end in view; the list scrolls on the compositor, so ' +
      'following the answer moves a layer instead of repainting the window.',
    owns: (owner) => owner === 'react-virtuoso' || owner.endsWith('features/chat/MessageList.tsx'),
  },
  {
    name: 'React renders and commits',
    cut:
      'No commit for an update: the answer view renders when its status changes; a streamed answer’s Markdown ' +
      'renders once, and its finished blocks are added to the page as they finish, outside React (each once).',
    owns: (owner) => REACT.has(owner) || (owner.startsWith('src/') && owner.endsWith('.tsx')),
  },
  {
    name: 'Markdown: parse, highlight, sanitize',
    cut:
      'The growing block is appended to the DOM as text; it is parsed when it starts or changes kind and at most ' +
      'every 200 ms; a closed block is parsed and highlighted once. HTML goes into the page through the ' +
      'browser’s own sanitizer (Element.setHTML: one native parse), not DOMPurify (a second document, a walk in ' +
      'script, and a string parsed again). Each block paints on its own (paint containment), so an update ' +
      'repaints the block that grew, not the whole list (not script: paint at 100 tok/s, main-thread time in ' +
      'traces, about a third of what it was).',
    owns: (owner) => MARKDOWN.has(owner) || owner.startsWith('src/features/chat/markdown/'),
  },
  {
    name: 'Bridge, stream store and acknowledgements',
    cut:
      'Main sends at most one batch per stream every 50 ms (20 updates a second however fast the model writes; ' +
      'the first and the last at once) instead of one per frame, acknowledged every 150 ms; the relay appends ' +
      'chunks in place. A send and a finished answer come with what they changed, so the window no longer reads ' +
      'the whole conversation and list again.',
    owns: (owner) => owner.startsWith('src/bridge/') || owner.startsWith('src/stores/'),
  },
  {
    name: 'The benchmark’s own probe',
    cut: 'Not a cut: the frame sampler the benchmark runs in the page, the same on every side.',
    owns: (owner) => owner === BENCH_PROBE,
  },
];

export const OTHER = 'Everything else';

/** Script time by category (ms), from a measurement's time by owner. */
export function byCategory(byOwner: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries([...CATEGORIES.map((c) => [c.name, 0]), [OTHER, 0]]);
  for (const [owner, ms] of Object.entries(byOwner)) {
    const category = CATEGORIES.find((c) => c.owns(owner))?.name ?? OTHER;
    out[category] = (out[category] ?? 0) + ms;
  }
  return out;
}
