/**
 * What the tools area keeps in the shared SQLite database (area `tools`): each server's tools as last listed (so
 * Settings, the profile editor and the composer can show them while the server is stopped), and the tools a
 * conversation chose for itself (instead of its profile's). A conversation's choice goes when it is purged.
 */
import { McpToolSchema, ToolChoiceSchema, type McpTool, type ToolChoice } from '@contract/tools';
import { z } from 'zod';
import type { Database, Migration } from '../storage/database';

export const TOOLS_AREA = 'tools';

const migrations: Migration[] = [
  {
    version: 1,
    up: `
CREATE TABLE mcp_tool_lists (
  server_id TEXT PRIMARY KEY,
  tools TEXT NOT NULL,
  server_info TEXT,
  listed_at INTEGER NOT NULL
) STRICT;
CREATE TABLE conversation_tools (
  conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
  choice TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;`,
  },
];

const ListedSchema = z.array(McpToolSchema);
const InfoSchema = z.object({ name: z.string(), version: z.string() });

export type ListedTools = {
  tools: McpTool[];
  listedAt: number;
  serverInfo?: { name: string; version: string };
};

function parsed<T>(schema: z.ZodType<T>, text: string | null | undefined): T | undefined {
  if (!text) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

export class ToolStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    db.migrate(TOOLS_AREA, migrations);
  }

  listed(serverId: string): ListedTools | undefined {
    const row = this.db.get<{ tools: string; server_info: string | null; listed_at: number }>(
      'SELECT tools, server_info, listed_at FROM mcp_tool_lists WHERE server_id = ?',
      serverId,
    );
    if (!row) return undefined;
    const tools = parsed(ListedSchema, row.tools);
    if (!tools) return undefined;
    const info = parsed(InfoSchema, row.server_info);
    return { tools, listedAt: row.listed_at, ...(info ? { serverInfo: info } : {}) };
  }

  saveListed(serverId: string, listed: ListedTools): void {
    this.db.run(
      `INSERT INTO mcp_tool_lists (server_id, tools, server_info, listed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(server_id) DO UPDATE SET tools = excluded.tools, server_info = excluded.server_info,
       listed_at = excluded.listed_at`,
      serverId,
      JSON.stringify(listed.tools),
      listed.serverInfo ? JSON.stringify(listed.serverInfo) : null,
      listed.listedAt,
    );
  }

  forget(serverId: string): void {
    this.db.run('DELETE FROM mcp_tool_lists WHERE server_id = ?', serverId);
  }

  /** The conversation's own choice, or null when it follows its profile. */
  conversationChoice(conversationId: string): ToolChoice | null {
    const row = this.db.get<{ choice: string }>(
      'SELECT choice FROM conversation_tools WHERE conversation_id = ?',
      conversationId,
    );
    return parsed(ToolChoiceSchema, row?.choice) ?? null;
  }

  /** Sets the conversation's own choice; null goes back to its profile's. */
  setConversationChoice(conversationId: string, choice: ToolChoice | null): void {
    if (choice === null) {
      this.db.run('DELETE FROM conversation_tools WHERE conversation_id = ?', conversationId);
      return;
    }
    this.db.run(
      `INSERT INTO conversation_tools (conversation_id, choice, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(conversation_id) DO UPDATE SET choice = excluded.choice, updated_at = excluded.updated_at`,
      conversationId,
      JSON.stringify(choice),
      this.now(),
    );
  }
}
