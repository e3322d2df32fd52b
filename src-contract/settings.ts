import { z } from 'zod';
import { ProviderKindSchema, ProviderPresetSchema } from './models';
import { BudgetsSchema, InstantSchema } from './ledger';

export const TimeoutsSchema = z.object({
  connectMs: z.number().int().positive(),
  firstTokenMs: z.number().int().positive(),
  idleMs: z.number().int().positive(),
  totalMs: z.number().int().positive(),
});

export const RetrySettingsSchema = z.object({
  /** Attempts in all, the first included. */
  maxAttempts: z.number().int().min(1).max(10),
  /** The longest the retries of one request may wait in all. */
  maxTotalWaitMs: z.number().int().nonnegative(),
});
export type RetrySettings = z.infer<typeof RetrySettingsSchema>;

export const RateLimitSchema = z.object({
  requestsPerMinute: z.number().int().positive().optional(),
  tokensPerMinute: z.number().int().positive().optional(),
});
export type RateLimit = z.infer<typeof RateLimitSchema>;

/** A provider as stored: never a key (keys live in the vault). */
export const ProviderSettingsSchema = z.object({
  id: z
    .string()
    .max(100, 'A provider id is at most 100 characters')
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'A provider id uses lowercase letters, digits and dashes'),
  kind: ProviderKindSchema,
  preset: ProviderPresetSchema,
  label: z.string().min(1).max(100),
  enabled: z.boolean().default(true),
  baseURL: z.string().max(2048).url().optional(),
  headers: z.record(z.string().max(200), z.string().max(8192)).default({}),
  timeouts: TimeoutsSchema.partial().default({}),
  retry: RetrySettingsSchema.partial().default({}),
  /** Per provider, and per model under `models`. */
  rateLimit: RateLimitSchema.default({}),
  modelRateLimits: z.record(z.string(), RateLimitSchema).default({}),
  /** Rotate to the provider's next key on these statuses. */
  rotateKeysOn: z
    .array(z.enum(['401', '429']))
    .max(2)
    .default([]),
  azure: z
    .object({
      endpoint: z.string().max(2048).url().optional(),
      apiVersion: z.string().max(50).optional(),
      deployments: z.record(z.string().max(300), z.string().max(300)).default({}),
      useEntraToken: z.boolean().default(false),
    })
    .optional(),
});
export type ProviderSettings = z.infer<typeof ProviderSettingsSchema>;
export type ProviderSettingsInput = z.input<typeof ProviderSettingsSchema>;

/** The dataset Settings → Models checks for updated models and prices (genai-prices' public data file). */
export const DEFAULT_CATALOGUE_URL =
  'https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json';

const CatalogueUrlSchema = z
  .string()
  .max(2000)
  .url()
  .regex(/^https?:\/\//i, 'The address must start with https:// (or http:// for a server of your own)');

export const CatalogueSettingsSchema = z.object({
  updateUrl: CatalogueUrlSchema.default(DEFAULT_CATALOGUE_URL),
  /** Off by default: nothing is fetched unless the user asks or turns this on. A check never applies anything. */
  dailyCheck: z.boolean().default(false),
});

export const SettingsSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  defaultProfileId: z.string().default('default'),
  privacy: z
    .object({
      /** Prompts and answers go to the log only when this is on. */
      logPrompts: z.boolean().default(false),
    })
    .default({ logPrompts: false }),
  cache: z
    .object({
      enabled: z.boolean().default(true),
      ttlHours: z
        .number()
        .positive()
        .default(24 * 7),
      maxEntries: z.number().int().positive().default(5000),
    })
    .default({ enabled: true, ttlHours: 168, maxEntries: 5000 }),
  budgets: BudgetsSchema.default({ warnAtPercent: 80 }),
  /** Fallback also on authentication failures, for profiles that do not say. */
  fallbackOnAuthError: z.boolean().default(false),
  catalogue: CatalogueSettingsSchema.default({ updateUrl: DEFAULT_CATALOGUE_URL, dailyCheck: false }),
});
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * A change to some settings: every field optional and none defaulted (a default would overwrite what the user
 * set). Sections merge into the current ones.
 */
export const SettingsPatchSchema = z
  .object({
    theme: z.enum(['system', 'light', 'dark']),
    defaultProfileId: z.string().min(1).max(100),
    privacy: z.object({ logPrompts: z.boolean() }).partial(),
    cache: z
      .object({
        enabled: z.boolean(),
        ttlHours: z
          .number()
          .positive()
          .max(87_600, 'The cache keeps answers at most 87,600 hours (10 years)'),
        maxEntries: z.number().int().positive(),
      })
      .partial(),
    budgets: z
      .object({
        monthlyMicros: z.number().int().positive().nullable(),
        perConversationMicros: z.number().int().positive().nullable(),
        warnAtPercent: z.number().int().min(1).max(100),
        overrideUntil: InstantSchema.nullable(),
      })
      .partial(),
    fallbackOnAuthError: z.boolean(),
    catalogue: z.object({ updateUrl: CatalogueUrlSchema, dailyCheck: z.boolean() }).partial().strict(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** Applies a patch: sections merge, `null` clears an optional budget field. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const budgets = { ...current.budgets };
  for (const [key, value] of Object.entries(patch.budgets ?? {})) {
    const field = key as keyof typeof budgets;
    if (value === null) delete budgets[field];
    else (budgets as Record<string, unknown>)[field] = value;
  }
  return SettingsSchema.parse({
    ...current,
    ...patch,
    privacy: { ...current.privacy, ...patch.privacy },
    cache: { ...current.cache, ...patch.cache },
    catalogue: { ...current.catalogue, ...patch.catalogue },
    budgets,
  });
}
