/**
 * What settings.json holds, as one zod schema (the source of the JSON schema `conf` validates every write
 * with): app settings, providers (never keys: those live in the vault), the user's profiles, custom models and
 * price overrides (plain data the catalogue reads), first-run flags, and MCP servers (never their secrets).
 */
import { z } from 'zod';
import { ModelInfoSchema, PricesSchema } from '@contract/models';
import { ProfileSchema } from '@contract/profiles';
import { ProviderSettingsSchema, SettingsSchema } from '@contract/settings';
import { McpServerSettingsSchema } from '@contract/tools';

export const SETTINGS_VERSION = 2;

export const CustomModelSchema = ModelInfoSchema.omit({ source: true, configured: true });
export type CustomModel = z.infer<typeof CustomModelSchema>;

export const FirstRunSchema = z.object({
  /** When Modeldesk first started with this data folder. */
  firstStartedAt: z.number().optional(),
  /** Keys found in the environment were offered for import (taken or not): they are not offered again. */
  envKeysOffered: z.boolean().default(false),
  /** The welcome steps were completed or skipped. */
  onboardingDone: z.boolean().default(false),
});
export type FirstRun = z.infer<typeof FirstRunSchema>;

export const StoredSettingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION),
  settings: SettingsSchema.default(SettingsSchema.parse({})),
  providers: z.array(ProviderSettingsSchema).default([]),
  profiles: z.array(ProfileSchema).default([]),
  customModels: z.array(CustomModelSchema).default([]),
  /** Keyed by model id (`provider:model`). */
  priceOverrides: z.record(z.string(), PricesSchema).default({}),
  firstRun: FirstRunSchema.default(FirstRunSchema.parse({})),
  /** MCP servers (never their secret values: those live in the vault). */
  mcpServers: z.array(McpServerSettingsSchema).default([]),
});
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;
export type StoredSettingsSection = Exclude<keyof StoredSettings, 'schemaVersion'>;
export const SETTINGS_SECTIONS: StoredSettingsSection[] = [
  'settings',
  'providers',
  'profiles',
  'customModels',
  'priceOverrides',
  'firstRun',
  'mcpServers',
];

export const DEFAULT_STORED_SETTINGS: StoredSettings = StoredSettingsSchema.parse({
  schemaVersion: SETTINGS_VERSION,
});

/** The JSON schema of each section, in the form `conf` takes (its `schema` option: one entry per top-level key). */
export function confSchema(): Record<string, object> {
  const json = z.toJSONSchema(StoredSettingsSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, object>;
  };
  return json.properties;
}
