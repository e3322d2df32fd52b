/**
 * The names tools carry to a model. Providers accept function names of letters, digits, `_` and `-` only, 64 at
 * most (OpenAI; Anthropic allows 128), and tools of different servers may share a name: each offered tool gets
 * `server__tool`, cleaned and cut to fit, unique within the request, and the map back to its server and tool.
 * A name the model invents maps to nothing: it never reaches a server.
 */
import { createHash } from 'node:crypto';

export const MAX_NAME = 64;

export type NamedTool<T> = { name: string; entry: T };

function clean(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'tool';
}

function short(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/** Provider-safe, unique names for the offered tools, in their order. */
export function nameTools<T>(
  entries: readonly T[],
  keyOf: (entry: T) => { server: string; tool: string },
): Array<NamedTool<T>> {
  const taken = new Set<string>();
  return entries.map((entry) => {
    const { server, tool } = keyOf(entry);
    let name = `${clean(server)}__${clean(tool)}`;
    if (name.length > MAX_NAME) name = `${name.slice(0, MAX_NAME - 7)}_${short(`${server}/${tool}`)}`;
    if (taken.has(name)) name = `${name.slice(0, MAX_NAME - 7)}_${short(`${server}/${tool}/${taken.size}`)}`;
    taken.add(name);
    return { name, entry };
  });
}
