/**
 * The built-in catalogue: `models.json`, a data file with the date and sources of its figures, validated here
 * on load. A malformed file is a bug in the repository, so loading it fails loudly and says where.
 */
import { z } from 'zod';
import { CapabilitiesSchema, PricesSchema } from '@contract/models';
import catalogueFile from './models.json';

export const CatalogueEntrySchema = z.object({
  /** The catalogue provider: a preset name (anthropic, openai, gemini, groq, openrouter, ollama). */
  provider: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  model: z.string().min(1),
  displayName: z.string().min(1),
  /** Other ids the provider accepts or reports for the same model at the same price (dated ids, `:latest` tags). */
  aliases: z.array(z.string().min(1)).default([]),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  capabilities: CapabilitiesSchema,
  prices: PricesSchema.nullable(),
  qualityTier: z.number().int().min(1).max(5),
  deprecated: z.boolean().optional(),
  note: z.string().optional(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntrySchema>;

/** A confirmed difference from the reference file, with why the catalogue's figure is the right one. */
export const AcknowledgedDifferenceSchema = z.object({
  /** `provider:model` of the catalogue entry. */
  model: z.string(),
  /** The reference's key for the model. */
  referenceKey: z.string(),
  field: z.string(),
  catalogue: z.number().nullable(),
  reference: z.number().nullable(),
  reason: z.string().min(10),
});
export type AcknowledgedDifference = z.infer<typeof AcknowledgedDifferenceSchema>;

export const CatalogueFileSchema = z.object({
  description: z.string(),
  version: z.literal(1),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  currency: z.literal('USD'),
  sources: z.array(
    z.object({
      provider: z.string(),
      pricing: z.string().url(),
      models: z.string().url(),
      figures: z.string(),
    }),
  ),
  checkedAgainst: z.string(),
  qualityTiers: z.record(z.enum(['1', '2', '3', '4', '5']), z.string()),
  models: z.array(CatalogueEntrySchema),
  acknowledgedDifferences: z.array(AcknowledgedDifferenceSchema),
});
export type CatalogueFile = z.infer<typeof CatalogueFileSchema>;

export function parseCatalogueFile(data: unknown): CatalogueFile {
  const result = CatalogueFileSchema.safeParse(data);
  if (!result.success) {
    const where = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`The built-in model catalogue (catalogue/models.json) is malformed: ${where}`);
  }
  const seen = new Set<string>();
  for (const entry of result.data.models) {
    for (const name of [entry.model, ...entry.aliases]) {
      const key = `${entry.provider}:${name}`;
      if (seen.has(key)) throw new Error(`The built-in model catalogue lists ${key} twice.`);
      seen.add(key);
    }
  }
  return result.data;
}

let loaded: CatalogueFile | undefined;

/** The built-in catalogue, parsed once. */
export function builtinCatalogue(): CatalogueFile {
  loaded ??= parseCatalogueFile(catalogueFile);
  return loaded;
}
