/**
 * Ollama through its OpenAI-compatible `/v1` (chat, streams, in-stream error chunks), with listing and health from
 * its native API: `/api/tags` (installed models) and `/api/version`, which cost no tokens and load no model.
 */
import { probe, runRequest } from './call';
import { classifyProviderError, malformedResponseError, requestIdFromHeaders } from './errors';
import { OpenAIChatAdapter, type ChatDialect, type OpenAIChatSettings } from './openai-chat';
import { chatSettings } from './openai';
import { resolveSettings, type Env } from './presets';
import type { CallTransport } from './transport';
import type { CallOptions, HealthProbe, ProviderConfig, RemoteModel } from './types';
import { imageLimitsFor } from '@contract/image-limits';

const OLLAMA_DIALECT: ChatDialect = {
  maxTokensField: 'max_tokens',
  rules: { maxTemperature: 2, thinkingBudget: false },
  imageLimits: imageLimitsFor('ollama').accept,
  tokenCounting: () => ({
    encoding: 'o200k_base',
    exact: false,
    imageFormula: { kind: 'openai-tiles', base: 85, perTile: 170 },
  }),
};

type OllamaTags = { models?: Array<{ name?: string; model?: string; modified_at?: string }> };

export class OllamaAdapter extends OpenAIChatAdapter {
  constructor(
    settings: OpenAIChatSettings,
    private readonly root: string,
    private readonly headers: Record<string, string>,
  ) {
    super(settings);
  }

  /** The installed models, from `/api/tags`. */
  override async listModels(options: CallOptions = {}): Promise<RemoteModel[]> {
    return runRequest(this.setup(options), 'request', async (transport) => {
      const tags = (await this.nativeGet(transport, '/api/tags')) as OllamaTags;
      const models: RemoteModel[] = [];
      for (const model of tags.models ?? []) {
        const id = model.model ?? model.name;
        if (!id) continue;
        const entry: RemoteModel = { id };
        if (model.name && model.name !== id) entry.displayName = model.name;
        const modified = model.modified_at ? Date.parse(model.modified_at) : Number.NaN;
        if (!Number.isNaN(modified)) entry.createdAt = modified;
        models.push(entry);
      }
      return models;
    });
  }

  /** The server's version, from `/api/version`. */
  async version(options: CallOptions = {}): Promise<string> {
    return runRequest(this.setup(options), 'request', async (transport) => {
      const body = (await this.nativeGet(transport, '/api/version')) as { version?: unknown };
      return typeof body.version === 'string' ? body.version : 'unknown';
    });
  }

  /** Up when `/api/version` answers; the probe also counts the installed models. */
  override async health(options: CallOptions = {}): Promise<HealthProbe> {
    return probe(async () => {
      await this.version(options);
      return (await this.listModels(options)).length;
    }, this.context());
  }

  private async nativeGet(transport: CallTransport, path: string): Promise<unknown> {
    const ctx = this.context();
    const response = await transport.fetch(`${this.root}${path}`, {
      headers: { accept: 'application/json', ...this.headers },
      signal: transport.signal,
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch (error) {
      if (response.ok) throw malformedResponseError(ctx, error, requestIdFromHeaders(response.headers));
      body = text;
    }
    if (!response.ok) {
      throw classifyProviderError(ctx, { status: response.status, headers: response.headers, body });
    }
    return body;
  }
}

export function createOllamaAdapter(config: ProviderConfig, env: Env): OllamaAdapter {
  const settings = resolveSettings(config, env);
  const root = (settings.baseURL ?? '').replace(/\/v1$/, '');
  const headers: Record<string, string> = { ...settings.headers };
  if (settings.apiKey) headers['authorization'] = `Bearer ${settings.apiKey}`;
  const chat = chatSettings(config, { ...settings, baseURL: root }, OLLAMA_DIALECT, {
    baseURL: `${root}/v1`,
  });
  return new OllamaAdapter(chat, root, headers);
}
