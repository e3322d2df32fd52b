/**
 * Turning a server's tools, or one tool, on and off in a tool choice (the profile editor and the composer's tools
 * control). Main resolves which of the chosen tools are offered; this only edits the choice.
 */
import type { ToolChoice } from '@contract/tools';

export type ChoiceState = 'all' | 'some' | 'none';

export function serverState(choice: ToolChoice, server: string, allTools: readonly string[]): ChoiceState {
  const entry = choice.servers.find((s) => s.server === server);
  if (!entry) return 'none';
  if (entry.tools === 'all') return 'all';
  const on = entry.tools.filter((t) => allTools.includes(t)).length;
  if (on === 0) return 'none';
  return allTools.length > 0 && on >= allTools.length ? 'all' : 'some';
}

export function toolOn(choice: ToolChoice, server: string, tool: string): boolean {
  const entry = choice.servers.find((s) => s.server === server);
  return entry !== undefined && (entry.tools === 'all' || entry.tools.includes(tool));
}

/** The choice with one server (all its tools, those added later too) or one tool turned on or off. */
export function toggled(
  choice: ToolChoice,
  change: { server: string; tool?: string; on: boolean; allTools: readonly string[] },
): ToolChoice {
  const others = choice.servers.filter((s) => s.server !== change.server);
  const current = choice.servers.find((s) => s.server === change.server);
  if (change.tool === undefined) {
    return { servers: change.on ? [...others, { server: change.server, tools: 'all' }] : others };
  }
  const before = !current ? [] : current.tools === 'all' ? [...change.allTools] : [...current.tools];
  const after = change.on ? [...new Set([...before, change.tool])] : before.filter((t) => t !== change.tool);
  if (after.length === 0) return { servers: others };
  const all = change.allTools.length > 0 && change.allTools.every((t) => after.includes(t));
  return { servers: [...others, { server: change.server, tools: all ? 'all' : after }] };
}
