/**
 * Provider keys found in the environment. They are usable at once (as `environment` keys, held in memory only)
 * and offered for import into the vault on first run: the offer lists the provider, the variable and the last
 * four characters, never the key.
 */
export type EnvKey = { provider: string; envVar: string; secret: string; last4: string };
export type EnvKeyOffer = Omit<EnvKey, 'secret'>;

/** Variable to provider id (the preset's default id); the first variable found wins for a provider. */
export const ENV_KEY_VARIABLES: ReadonlyArray<readonly [envVar: string, provider: string]> = [
  ['OPENAI_API_KEY', 'openai'],
  ['ANTHROPIC_API_KEY', 'anthropic'],
  ['AZURE_OPENAI_API_KEY', 'azure'],
  ['GEMINI_API_KEY', 'gemini'],
  ['GOOGLE_API_KEY', 'gemini'],
  ['GROQ_API_KEY', 'groq'],
  ['OPENROUTER_API_KEY', 'openrouter'],
];

export function lastFour(secret: string): string {
  return secret.slice(-4);
}

export function detectEnvKeys(env: Readonly<Record<string, string | undefined>>): EnvKey[] {
  const found: EnvKey[] = [];
  for (const [envVar, provider] of ENV_KEY_VARIABLES) {
    const secret = env[envVar]?.trim();
    if (!secret || found.some((k) => k.provider === provider)) continue;
    found.push({ provider, envVar, secret, last4: lastFour(secret) });
  }
  return found;
}
