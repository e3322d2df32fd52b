/**
 * The portable configuration file: one JSON document with a kind and a version, holding the app settings,
 * providers (base URLs, headers and options: never keys), custom models, price overrides, profiles and budgets.
 * Keys stay in the vault of the computer they were entered on. Every section is optional on import: a section
 * in the file replaces the same section here; a section left out is kept as it is.
 */
import { z } from 'zod';
import { BudgetsSchema } from '@contract/ledger';
import { ModelRefSchema, PricesSchema } from '@contract/models';
import { ProfileSchema } from '@contract/profiles';
import { ProviderSettingsSchema, SettingsSchema } from '@contract/settings';
import { CustomModelSchema } from '../storage/settings-schema';

export const CONFIG_KIND = 'modeldesk-config';
/** Raise it with a migration (migrations.ts) whenever an older file would no longer read the same. */
export const CONFIG_VERSION = 1;

/** The app settings, budgets apart (they have a section of their own). */
export const ConfigSettingsSchema = SettingsSchema.omit({ budgets: true });
/** Budgets without a temporary override: an override belongs to the moment, not to a configuration. */
export const ConfigBudgetsSchema = BudgetsSchema.omit({ overrideUntil: true });

export const ConfigFileSchema = z.object({
  kind: z.literal(CONFIG_KIND),
  version: z.literal(CONFIG_VERSION),
  /** When and by what it was written (informative). */
  exportedAt: z.string().optional(),
  exportedBy: z.string().optional(),
  settings: ConfigSettingsSchema.optional(),
  providers: z.array(ProviderSettingsSchema).optional(),
  customModels: z.array(CustomModelSchema).optional(),
  priceOverrides: z.record(ModelRefSchema, PricesSchema).optional(),
  profiles: z.array(ProfileSchema).optional(),
  budgets: ConfigBudgetsSchema.optional(),
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

export type ConfigSection = Exclude<keyof ConfigFile, 'kind' | 'version' | 'exportedAt' | 'exportedBy'>;
export const CONFIG_SECTIONS: readonly ConfigSection[] = [
  'settings',
  'providers',
  'customModels',
  'priceOverrides',
  'profiles',
  'budgets',
];
