/**
 * The secret values of MCP servers (environment values, headers) in the key vault, beside the API keys and
 * protected the same way: each under the scope `mcp:<server id>` (provider ids cannot hold a colon) and the label
 * `env:NAME` or `header:name`. Settings keep only their names; the window sees the names and last four
 * characters; the redactor learns every value (the vault's `secretValues`), so none reaches a log or an error.
 */
import type { KeyView } from '@contract/bridge';
import type { McpSecretValues, McpSecretView, McpServerSettings } from '@contract/tools';

/** What the vault offers for these secrets (KeyVault satisfies it). */
export type SecretVault = {
  list(scope: string): KeyView[];
  labelledSecrets(scope: string): Array<{ id: string; label: string | undefined; secret: string | null }>;
  addKey(scope: string, secret: string, label: string, kind: 'value'): Promise<KeyView>;
  removeKey(scope: string, keyId: string): void;
  removeProvider(scope: string): void;
};

type Where = McpSecretView['where'];

export const secretScope = (serverId: string) => `mcp:${serverId}`;
const labelOf = (where: Where, name: string) => `${where}:${where === 'header' ? name.toLowerCase() : name}`;

/** The secret names a server's settings declare. */
export function secretNames(server: McpServerSettings): Array<{ where: Where; name: string }> {
  return server.transport.kind === 'stdio'
    ? server.transport.secretEnv.map((name) => ({ where: 'env' as const, name }))
    : server.transport.secretHeaders.map((name) => ({ where: 'header' as const, name }));
}

export type ResolvedSecrets = {
  env: Record<string, string>;
  headers: Record<string, string>;
  /** Declared names whose value is absent (never entered, or lost with a memory-only vault)... */
  missing: string[];
  /** ...or present but locked until the vault is unlocked. */
  locked: string[];
};

export class McpSecrets {
  constructor(private readonly vault: SecretVault) {}

  views(server: McpServerSettings): McpSecretView[] {
    const saved = this.vault.list(secretScope(server.id));
    return secretNames(server).map(({ where, name }) => ({
      where,
      name,
      last4: saved.find((k) => k.label === labelOf(where, name))?.last4 ?? null,
    }));
  }

  resolve(server: McpServerSettings): ResolvedSecrets {
    const saved = this.vault.labelledSecrets(secretScope(server.id));
    const out: ResolvedSecrets = { env: {}, headers: {}, missing: [], locked: [] };
    for (const { where, name } of secretNames(server)) {
      const entry = saved.find((s) => s.label === labelOf(where, name));
      if (!entry) out.missing.push(name);
      else if (entry.secret === null) out.locked.push(name);
      else if (where === 'env') out.env[name] = entry.secret;
      else out.headers[name] = entry.secret;
    }
    return out;
  }

  /** Sets (string) or removes (null) values; a name left out keeps its value. */
  async apply(serverId: string, values: McpSecretValues | undefined): Promise<void> {
    const changes: Array<[Where, string, string | null]> = [
      ...Object.entries(values?.env ?? {}).map(([n, v]) => ['env', n, v] as [Where, string, string | null]),
      ...Object.entries(values?.headers ?? {}).map(
        ([n, v]) => ['header', n, v] as [Where, string, string | null],
      ),
    ];
    const scope = secretScope(serverId);
    for (const [where, name, value] of changes) {
      const label = labelOf(where, name);
      const before = this.vault.labelledSecrets(scope).filter((s) => s.label === label);
      // Add first, then remove the old value: a failure to save leaves the old value in place.
      if (value !== null) await this.vault.addKey(scope, value, label, 'value');
      for (const old of before) this.vault.removeKey(scope, old.id);
    }
  }

  /** Forgets values whose names the server no longer declares as secret. */
  prune(server: McpServerSettings): void {
    const keep = new Set(secretNames(server).map(({ where, name }) => labelOf(where, name)));
    const scope = secretScope(server.id);
    for (const saved of this.vault.labelledSecrets(scope)) {
      if (!saved.label || !keep.has(saved.label)) this.vault.removeKey(scope, saved.id);
    }
  }

  removeAll(serverId: string): void {
    this.vault.removeProvider(secretScope(serverId));
  }
}
