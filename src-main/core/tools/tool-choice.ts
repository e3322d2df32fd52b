/**
 * Which tools the next answer may use: the conversation's own choice if it made one, else its profile's (the
 * first profile of an alias chain that names tools), else none. Only tools of servers set up and turned on in
 * Settings, not turned off there, and listed by the server are ever offered. The composer control and the
 * profile editor show this verdict; the tool loop offers exactly these tools.
 */
import type {
  McpServerSettings,
  McpServerState,
  McpTool,
  ToolChoice,
  ToolChoiceServer,
  ToolChoiceView,
} from '@contract/tools';

export type ChoiceSource = ToolChoiceView['source'];

export function effectiveChoice(
  conversationChoice: ToolChoice | null,
  profileChoice: ToolChoice | undefined,
): { source: ChoiceSource; choice: ToolChoice } {
  if (conversationChoice) return { source: 'conversation', choice: conversationChoice };
  if (profileChoice) return { source: 'profile', choice: profileChoice };
  return { source: 'none', choice: { servers: [] } };
}

function chosen(choice: ToolChoice, serverId: string, tool: string): boolean {
  const entry = choice.servers.find((s) => s.server === serverId);
  if (!entry) return false;
  return entry.tools === 'all' || entry.tools.includes(tool);
}

export type ChoiceWorld = {
  servers: readonly McpServerSettings[];
  tools: (serverId: string) => readonly McpTool[];
  state: (serverId: string) => McpServerState;
};

/** Every server set up (and any chosen but no longer set up), each tool marked on or off. */
export function choiceServers(choice: ToolChoice, world: ChoiceWorld): ToolChoiceServer[] {
  const rows: ToolChoiceServer[] = world.servers.map((server) => {
    const tools = world.tools(server.id).map((tool) => {
      const disabled = server.disabledTools.includes(tool.name);
      const row: ToolChoiceServer['tools'][number] = {
        name: tool.name,
        disabled,
        on: server.enabled && !disabled && chosen(choice, server.id, tool.name),
      };
      if (tool.description !== undefined) row.description = tool.description;
      return row;
    });
    return {
      id: server.id,
      name: server.name,
      state: world.state(server.id),
      enabled: server.enabled,
      trusted: server.trusted,
      missing: false,
      tools,
    };
  });
  for (const entry of choice.servers) {
    if (world.servers.some((s) => s.id === entry.server)) continue;
    rows.push({
      id: entry.server,
      name: entry.server,
      state: 'stopped',
      enabled: false,
      trusted: false,
      missing: true,
      tools: [],
    });
  }
  return rows;
}

/**
 * Chosen, switched-on servers that failed last time and have no tools listed: the next answer cannot use them,
 * and the composer says why.
 */
export function unavailableServers(
  choice: ToolChoice,
  world: Omit<ChoiceWorld, 'state'> & { failure: (serverId: string) => string | undefined },
): ToolChoiceView['unavailable'] {
  return world.servers.flatMap((server) => {
    if (!server.enabled || !choice.servers.some((c) => c.server === server.id)) return [];
    const failure = world.failure(server.id);
    return failure && world.tools(server.id).length === 0
      ? [{ server: server.id, name: server.name, message: failure }]
      : [];
  });
}

/** The tools offered to the model: server and tool, in the order of Settings. */
export function offeredTools(
  choice: ToolChoice,
  world: Omit<ChoiceWorld, 'state'>,
): Array<{ server: McpServerSettings; tool: McpTool }> {
  return world.servers.flatMap((server) =>
    server.enabled
      ? world
          .tools(server.id)
          .filter((tool) => !server.disabledTools.includes(tool.name) && chosen(choice, server.id, tool.name))
          .map((tool) => ({ server, tool }))
      : [],
  );
}
