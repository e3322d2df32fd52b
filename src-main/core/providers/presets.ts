/**
 * Provider presets: which adapter speaks to each kind of server, its default base URL, the SDK environment
 * variables honoured as defaults, whether it needs a key, and timeouts suited to it. `resolveSettings` applies
 * them to a ProviderConfig: the config wins, then the environment, then the preset.
 */
import type { ProviderKind, ProviderPreset } from '@contract/models';
import { resolveTimeouts } from './transport';
import type { ProviderConfig, Timeouts } from './types';

export type PresetInfo = {
  preset: ProviderPreset;
  kind: ProviderKind;
  label: string;
  defaultBaseURL?: string;
  /** Environment variables read, in order, for the base URL and the key when the config has none. */
  baseURLEnv: readonly string[];
  apiKeyEnv: readonly string[];
  needsKey: boolean;
  /** Headers the preset sends by default (OpenRouter's app attribution). */
  headers?: Readonly<Record<string, string>>;
  timeouts?: Partial<Timeouts>;
};

/** Local servers load a model into memory before the first answer: allow them longer to start. */
const LOCAL_TIMEOUTS: Partial<Timeouts> = { connectMs: 120_000, firstTokenMs: 300_000 };

export const PRESETS: Readonly<Record<ProviderPreset, PresetInfo>> = {
  anthropic: {
    preset: 'anthropic',
    kind: 'anthropic',
    label: 'Anthropic',
    defaultBaseURL: 'https://api.anthropic.com',
    baseURLEnv: ['ANTHROPIC_BASE_URL'],
    apiKeyEnv: ['ANTHROPIC_API_KEY'],
    needsKey: true,
  },
  openai: {
    preset: 'openai',
    kind: 'openai',
    label: 'OpenAI',
    defaultBaseURL: 'https://api.openai.com/v1',
    baseURLEnv: ['OPENAI_BASE_URL'],
    apiKeyEnv: ['OPENAI_API_KEY'],
    needsKey: true,
  },
  azure: {
    preset: 'azure',
    kind: 'azure',
    label: 'Azure OpenAI',
    baseURLEnv: ['AZURE_OPENAI_ENDPOINT'],
    apiKeyEnv: ['AZURE_OPENAI_API_KEY'],
    needsKey: true,
  },
  gemini: {
    preset: 'gemini',
    kind: 'gemini',
    label: 'Google Gemini',
    defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta/openai',
    baseURLEnv: ['GEMINI_BASE_URL'],
    apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    needsKey: true,
  },
  ollama: {
    preset: 'ollama',
    kind: 'ollama',
    label: 'Ollama',
    defaultBaseURL: 'http://127.0.0.1:11434',
    baseURLEnv: ['OLLAMA_HOST'],
    apiKeyEnv: ['OLLAMA_API_KEY'],
    needsKey: false,
    timeouts: LOCAL_TIMEOUTS,
  },
  lmstudio: {
    preset: 'lmstudio',
    kind: 'openai-compatible',
    label: 'LM Studio',
    defaultBaseURL: 'http://127.0.0.1:1234/v1',
    baseURLEnv: ['LM_STUDIO_BASE_URL'],
    apiKeyEnv: ['LM_STUDIO_API_KEY'],
    needsKey: false,
    timeouts: LOCAL_TIMEOUTS,
  },
  vllm: {
    preset: 'vllm',
    kind: 'openai-compatible',
    label: 'vLLM',
    defaultBaseURL: 'http://127.0.0.1:8000/v1',
    baseURLEnv: ['VLLM_BASE_URL'],
    apiKeyEnv: ['VLLM_API_KEY'],
    needsKey: false,
    timeouts: LOCAL_TIMEOUTS,
  },
  llamacpp: {
    preset: 'llamacpp',
    kind: 'openai-compatible',
    label: 'llama.cpp server',
    defaultBaseURL: 'http://127.0.0.1:8080/v1',
    baseURLEnv: ['LLAMA_CPP_BASE_URL'],
    apiKeyEnv: ['LLAMA_API_KEY'],
    needsKey: false,
    timeouts: LOCAL_TIMEOUTS,
  },
  openrouter: {
    preset: 'openrouter',
    kind: 'openai-compatible',
    label: 'OpenRouter',
    defaultBaseURL: 'https://openrouter.ai/api/v1',
    baseURLEnv: ['OPENROUTER_BASE_URL'],
    apiKeyEnv: ['OPENROUTER_API_KEY'],
    needsKey: true,
    headers: { 'HTTP-Referer': 'https://github.com/modeldesk/modeldesk', 'X-Title': 'Modeldesk' },
  },
  groq: {
    preset: 'groq',
    kind: 'openai-compatible',
    label: 'Groq',
    defaultBaseURL: 'https://api.groq.com/openai/v1',
    baseURLEnv: ['GROQ_BASE_URL'],
    apiKeyEnv: ['GROQ_API_KEY'],
    needsKey: true,
  },
  custom: {
    preset: 'custom',
    kind: 'openai-compatible',
    label: 'OpenAI-compatible server',
    baseURLEnv: [],
    apiKeyEnv: [],
    needsKey: false,
  },
};

const DEFAULT_PRESET: Record<ProviderKind, ProviderPreset> = {
  anthropic: 'anthropic',
  openai: 'openai',
  azure: 'azure',
  gemini: 'gemini',
  ollama: 'ollama',
  'openai-compatible': 'custom',
};

/** Azure OpenAI's api-version when neither the config nor OPENAI_API_VERSION names one. */
export const DEFAULT_AZURE_API_VERSION = '2025-04-01-preview';

export function presetFor(config: Pick<ProviderConfig, 'kind' | 'preset'>): PresetInfo {
  const preset = PRESETS[config.preset ?? DEFAULT_PRESET[config.kind]];
  if (preset.kind !== config.kind) {
    throw new Error(
      `The preset "${preset.preset}" is for ${preset.kind} providers, not ${config.kind}; pick a matching preset.`,
    );
  }
  return preset;
}

export type Env = Readonly<Record<string, string | undefined>>;

export type ResolvedSettings = {
  preset: PresetInfo;
  label: string;
  /** The base URL the adapter uses (for Ollama: the server root, without /v1). */
  baseURL?: string;
  apiKey?: string;
  headers: Record<string, string>;
  timeouts: Timeouts;
  azure?: { endpoint?: string; apiVersion: string; deployments: Record<string, string>; entraToken?: string };
  /** What is missing before calls can be made, in words, or undefined when the provider is ready. */
  missing?: string;
};

function firstEnv(env: Env, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** OLLAMA_HOST may be `host`, `host:port`, `0.0.0.0:port` or a URL; the client needs a URL it can reach. */
export function normalizeOllamaHost(host: string): string {
  let url = /^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `http://${host}`;
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0' || parsed.hostname === '[::]') parsed.hostname = '127.0.0.1';
  if (!parsed.port && !/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) parsed.port = '11434';
  url = parsed.toString();
  return url.replace(/\/+$/, '');
}

export function resolveSettings(config: ProviderConfig, env: Env): ResolvedSettings {
  const preset = presetFor(config);
  let baseURL = config.baseURL?.trim() || firstEnv(env, preset.baseURLEnv) || preset.defaultBaseURL;
  if (baseURL && preset.kind === 'ollama') baseURL = normalizeOllamaHost(baseURL);
  if (baseURL) baseURL = baseURL.replace(/\/+$/, '');
  const apiKey = config.apiKey?.trim() || firstEnv(env, preset.apiKeyEnv);
  const settings: ResolvedSettings = {
    preset,
    label: config.label?.trim() || preset.label,
    baseURL,
    apiKey,
    headers: { ...preset.headers, ...config.headers },
    timeouts: resolveTimeouts(preset.timeouts, config.timeouts),
  };
  if (preset.kind === 'azure') {
    const endpoint = (config.azure?.endpoint?.trim() || baseURL)?.replace(/\/+$/, '');
    settings.baseURL = endpoint;
    settings.azure = {
      endpoint,
      apiVersion:
        config.azure?.apiVersion?.trim() || env['OPENAI_API_VERSION']?.trim() || DEFAULT_AZURE_API_VERSION,
      deployments: { ...config.azure?.deployments },
      entraToken: config.azure?.entraToken?.trim() || undefined,
    };
    if (!endpoint) settings.missing = 'no endpoint (https://<resource>.openai.azure.com) is set';
    else if (!apiKey && !settings.azure.entraToken)
      settings.missing = 'no API key or Microsoft Entra token is set';
  } else if (!baseURL) {
    settings.missing = 'no base URL is set';
  } else if (preset.needsKey && !apiKey) {
    const names = preset.apiKeyEnv.join(' or ');
    settings.missing = `no API key is set${names ? ` (nor ${names})` : ''}`;
  }
  return settings;
}

/** Every secret a configuration holds, for scrubbing from messages. */
export function secretsOf(settings: ResolvedSettings): string[] {
  return [settings.apiKey, settings.azure?.entraToken].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
}
