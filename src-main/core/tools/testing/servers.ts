/**
 * MCP servers for tests: the real reference servers from npm (`@modelcontextprotocol/server-everything`,
 * `@modelcontextprotocol/server-filesystem`), started from node_modules by path on the Node that runs the tests
 * (never fetched with npx), and our deliberately broken one.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  McpServerSettingsSchema,
  type McpServerSettings,
  type McpServerSettingsInput,
} from '@contract/tools';
import type { ToolListCache } from '../mcp-manager';
import type { ListedTools } from '../tool-store';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export const BROKEN_SERVER = join(import.meta.dirname, 'broken-mcp-server.mjs');
export const FILESYSTEM_SERVER = join(packageDir('@modelcontextprotocol/server-filesystem'), 'dist/index.js');
export const EVERYTHING_SERVER = join(packageDir('@modelcontextprotocol/server-everything'), 'dist/index.js');

/** A stdio server running `node <script> <args>` on the Node of this process. */
export function nodeServer(
  id: string,
  script: string,
  args: string[] = [],
  extra: Partial<McpServerSettingsInput> & { env?: Record<string, string>; secretEnv?: string[] } = {},
): McpServerSettings {
  const { env, secretEnv, ...rest } = extra;
  return McpServerSettingsSchema.parse({
    id,
    name: id,
    transport: {
      kind: 'stdio',
      command: process.execPath,
      args: [script, ...args],
      env: env ?? {},
      secretEnv: secretEnv ?? [],
    },
    ...rest,
  });
}

export function memoryToolCache(): ToolListCache & { map: Map<string, ListedTools> } {
  const map = new Map<string, ListedTools>();
  return {
    map,
    listed: (id) => map.get(id),
    saveListed: (id, listed) => void map.set(id, listed),
    forget: (id) => void map.delete(id),
  };
}
