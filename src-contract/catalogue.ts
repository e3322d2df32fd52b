/**
 * The catalogue refresh as the bridge carries it (Settings → Models): what catalogue is in use and where its
 * figures come from, what a check of a newer dataset would change, and the calls that apply or undo it.
 */
import { z } from 'zod';
import { LifecycleSchema, PricesSchema } from './models';

export const DatasetSummarySchema = z.object({
  name: z.string(),
  version: z.string().optional(),
  commit: z.string().optional(),
  /** The snapshot's own date, or the day it was fetched. */
  date: z.string(),
  /** A file name or a URL. */
  source: z.string(),
  sha256: z.string(),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

const CatalogueVersionSchema = z.object({ asOf: z.string(), dataset: DatasetSummarySchema });

export const CatalogueInfoSchema = z.object({
  asOf: z.string(),
  dataset: DatasetSummarySchema,
  /** `builtin`: the catalogue that shipped with this version; `refreshed`: one applied from a check. */
  origin: z.enum(['builtin', 'refreshed']),
  appliedAt: z.number().optional(),
  models: z.number().int(),
  priced: z.number().int(),
  /** The catalogue "Go back" returns to, if there is one. */
  previous: CatalogueVersionSchema.nullable(),
  builtin: CatalogueVersionSchema,
  lastCheck: z
    .object({
      at: z.number(),
      outcome: z.enum(['changes', 'up-to-date', 'failed']),
      message: z.string(),
    })
    .optional(),
  /** Something the user should know about the catalogue in use (a newer built-in one replaced a refresh...). */
  note: z.string().optional(),
});
export type CatalogueInfo = z.infer<typeof CatalogueInfoSchema>;

const Named = { id: z.string(), displayName: z.string() };

export const CatalogueCheckSchema = z.object({
  /** Hand it to `catalogue.apply` to use what was checked. */
  checkId: z.string(),
  dataset: DatasetSummarySchema,
  /** The same dataset as the catalogue's: nothing to apply. */
  upToDate: z.boolean(),
  /** The snapshot is older than the catalogue's own: applying it would bring back older prices. */
  older: z.boolean(),
  summary: z.string(),
  newModels: z
    .array(z.object({ ...Named, prices: PricesSchema.nullable(), contextWindow: z.number().int() }))
    .max(2000),
  priceChanges: z
    .array(z.object({ ...Named, before: PricesSchema.nullable(), after: PricesSchema.nullable() }))
    .max(2000),
  windowChanges: z.array(z.object({ ...Named, before: z.number().int(), after: z.number().int() })).max(2000),
  lifecycleChanges: z
    .array(
      z.object({
        ...Named,
        before: LifecycleSchema.shape.status,
        after: LifecycleSchema.shape.status,
        retiresOn: z.string().optional(),
        successor: z.string().optional(),
      }),
    )
    .max(2000),
  /** Models the dataset names that could not be built, said plainly; they stay as they were. */
  problems: z.array(z.string()).max(200),
});
export type CatalogueCheck = z.infer<typeof CatalogueCheckSchema>;

/** The most a dataset file may weigh when imported through the bridge (the real one is about 0.5 MB). */
export const MAX_DATASET_FILE_CHARS = 16 * 1024 * 1024;

export const CatalogueCheckInputSchema = z.discriminatedUnion('source', [
  /** The address in Settings (catalogue.updateUrl). */
  z.object({ source: z.literal('url') }),
  z.object({
    source: z.literal('file'),
    name: z.string().min(1).max(300),
    content: z.string().max(MAX_DATASET_FILE_CHARS),
  }),
]);
export type CatalogueCheckInput = z.infer<typeof CatalogueCheckInputSchema>;
