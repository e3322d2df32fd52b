/**
 * Names the code a CPU profile saw in the minified renderer by the module it came from, through the source maps
 * `npm run bench` builds (`electron-vite build --sourcemap`): `react-dom`, `marked`,
 * `src/features/chat/markdown/Markdown.tsx`... so a missed goal can say where the time went.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionName, type ProfileFrame } from './cdp';
import { REPO_ROOT } from './host';

/** Per generated line: segments [column, source index] sorted by column. */
type Lines = Array<Array<[number, number]>>;
type Decoded = { sources: string[]; lines: Lines };

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one segment's Base64 VLQ fields. */
export function decodeSegment(segment: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`"${char}" is not Base64 VLQ.`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return fields;
}

/** The `mappings` of a source map, keeping what attribution needs: where each source's code starts on each line. */
export function decodeMappings(mappings: string): Lines {
  const lines: Lines = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments: Array<[number, number]> = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields = decodeSegment(segment);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1]!;
        segments.push([column, source]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

/** `react-dom` for a file in node_modules, the path under src-renderer for the app's own code. */
export function moduleName(source: string): string {
  const inModules = source.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const parts = source.slice(inModules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const own = source.indexOf('src-renderer/');
  return own >= 0 ? source.slice(own + 'src-renderer/'.length) : source.replace(/^(\.\.\/)+/, '');
}

export class SourceMaps {
  private readonly cache = new Map<string, Decoded | null>();

  /** `dir`: the folder the page's scripts are served from (out/renderer). */
  constructor(private readonly dir: string) {}

  /** The module a position (0-based line and column) of a served script belongs to, or null without a map. */
  moduleAt(url: string, line: number, column: number): string | null {
    const map = this.load(url);
    const segments = map?.lines[line];
    if (!map || !segments || segments.length === 0) return null;
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (segments[mid]![0] <= column) low = mid;
      else high = mid - 1;
    }
    const source = map.sources[segments[low]![1]];
    return source === undefined ? null : moduleName(source);
  }

  private load(url: string): Decoded | null {
    if (this.cache.has(url)) return this.cache.get(url)!;
    let decoded: Decoded | null = null;
    const path = url.startsWith('http') ? new URL(url).pathname : '';
    const file = join(this.dir, `${path}.map`);
    if (path.endsWith('.js') && existsSync(file)) {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; mappings: string };
      decoded = { sources: map.sources, lines: decodeMappings(map.mappings) };
    }
    this.cache.set(url, decoded);
    return decoded;
  }
}

/** Names a profiled function of a renderer built into `dir` by its module, or by its name when no map covers it. */
export function moduleNamer(dir: string): (frame: ProfileFrame) => string {
  const maps = new SourceMaps(dir);
  return (frame) => maps.moduleAt(frame.url, frame.lineNumber, frame.columnNumber) ?? functionName(frame);
}

/** Names a profiled function of the app's page (this checkout's build) by its module. */
export const rendererModuleOf = moduleNamer(join(REPO_ROOT, 'out/renderer'));
