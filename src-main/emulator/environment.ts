/**
 * The environment variables that point the official SDKs (and Modeldesk's provider defaults) at an emulator:
 * what `npm run serve -- --emulator` sets. The keys are placeholders the emulator accepts (unless it was
 * started with `validKeys`).
 */
import type { Emulator } from './types';

export const EMULATOR_AZURE_API_VERSION = '2024-10-21';

export function emulatorEnvironment(emulator: Pick<Emulator, 'baseURLs'>): Record<string, string> {
  const urls = emulator.baseURLs;
  return {
    OPENAI_API_KEY: 'sk-emulator-openai',
    OPENAI_BASE_URL: urls.openai,
    ANTHROPIC_API_KEY: 'sk-ant-emulator',
    ANTHROPIC_BASE_URL: urls.anthropic,
    AZURE_OPENAI_API_KEY: 'emulator-azure-key',
    AZURE_OPENAI_ENDPOINT: urls.azureEndpoint,
    OPENAI_API_VERSION: EMULATOR_AZURE_API_VERSION,
    GEMINI_API_KEY: 'emulator-gemini-key',
    GEMINI_BASE_URL: urls.gemini,
    OLLAMA_HOST: urls.ollama,
  };
}
