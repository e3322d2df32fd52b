/** MCP servers as Settings → Tools, the profile editor and the composer's tools control show them; kept current by `mcp.changed`. */
import { create } from 'zustand';
import type { EventPayload } from '@contract/bridge';
import type { McpServerView, ToolChoice } from '@contract/tools';
import { bridge, describeError } from '../bridge';

type ToolsState = {
  servers: McpServerView[];
  loaded: boolean;
  error: string | null;
  /** Increases on every change from main, so views that ask main for a verdict ask again. */
  revision: number;
  /** The tools chosen in a new chat before its first message: the conversation is created with them. */
  newChatChoice: ToolChoice | null;
};

export const useToolsStore = create<ToolsState>(() => ({
  servers: [],
  loaded: false,
  error: null,
  revision: 0,
  newChatChoice: null,
}));

/** Takes the new chat's choice (once: the conversation it was for is being created). */
export function takeNewChatChoice(): ToolChoice | null {
  const choice = useToolsStore.getState().newChatChoice;
  useToolsStore.setState({ newChatChoice: null });
  return choice;
}

export async function loadTools(): Promise<void> {
  try {
    const servers = await bridge.call('mcp.list', {});
    useToolsStore.setState((s) => ({ servers, loaded: true, error: null, revision: s.revision + 1 }));
  } catch (error) {
    useToolsStore.setState({ loaded: true, error: describeError(error) });
  }
}

/** A server's state changed (in place), it was added or changed (reload), or removed (status null). */
export function applyToolsChange({ id, status }: EventPayload<'mcp.changed'>): void {
  const { servers } = useToolsStore.getState();
  if (status === null) {
    useToolsStore.setState((s) => ({
      servers: servers.filter((x) => x.id !== id),
      revision: s.revision + 1,
    }));
    return;
  }
  if (!servers.some((s) => s.id === id)) {
    void loadTools();
    return;
  }
  useToolsStore.setState((s) => ({
    servers: servers.map((x) => (x.id === id ? { ...x, status } : x)),
    revision: s.revision + 1,
  }));
}

/** Shows a change at once, before main confirms it (a reload follows either way). */
export function patchServer(id: string, patch: Partial<McpServerView>): void {
  useToolsStore.setState((s) => ({ servers: s.servers.map((x) => (x.id === id ? { ...x, ...patch } : x)) }));
}
