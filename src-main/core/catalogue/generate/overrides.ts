/**
 * The schema of `overrides.json`, the catalogue's one hand-kept file (what ships from the dataset, models no
 * snapshot knows, retirement dates the SDKs no longer carry, successors, batch discounts), and its loading.
 */
import { z } from 'zod';
import { CapabilitiesSchema } from '@contract/models';
import overridesFile from '../overrides.json';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Ref = z.string().regex(/^[a-z0-9-]+:.+$/);

export const IncludeSchema = z.object({
  /** The dataset's model id. */
  id: z.string().min(1),
  /** The id the provider's API uses, when it differs from the dataset's. */
  model: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  /** Modeldesk's quality tier (1 small local … 5 frontier): an editorial judgment Auto's floor compares with. */
  tier: z.number().int().min(1).max(5),
  aliases: z.array(z.string().min(1)).optional(),
  /**
   * When no snapshot has this model's limits and capabilities: the dataset id of the closest older model of the
   * same family whose figures stand in for them, marked as such in the entry's sources.
   */
  factsFrom: z.string().optional(),
  /** For a model served through a router (OpenRouter): the catalogue model it passes requests to. */
  upstream: Ref.optional(),
});
export type Include = z.infer<typeof IncludeSchema>;

export const AdditionSchema = z.object({
  provider: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  model: z.string().min(1),
  displayName: z.string().min(1),
  aliases: z.array(z.string()).optional(),
  qualityTier: z.number().int().min(1).max(5),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  capabilities: CapabilitiesSchema.optional(),
  /** A local model: a known price of 0. Otherwise an addition has no price (unknown, never guessed). */
  free: z.boolean().optional(),
  /** `provider:model` of a catalogue model whose limits and capabilities stand in for figures nobody has yet. */
  factsFrom: Ref.optional(),
  source: z.string().min(10),
  note: z.string().optional(),
});
export type Addition = z.infer<typeof AdditionSchema>;

export const OverridesSchema = z.object({
  description: z.string(),
  batchDiscount: z.record(z.string(), z.object({ factor: z.number().positive().max(1), source: z.string() })),
  include: z.record(z.string(), z.array(IncludeSchema)),
  additions: z.array(AdditionSchema),
  lifecycle: z.array(
    z.object({
      model: Ref,
      deprecatedOn: Day.optional(),
      retiresOn: Day.optional(),
      source: z.string().min(10),
    }),
  ),
  successors: z.object({ reason: z.string(), models: z.record(Ref, Ref) }),
});
export type Overrides = z.infer<typeof OverridesSchema>;

let loaded: Overrides | undefined;

/** The overrides file that ships with the app (the generator and the run-time refresh both read it). */
export function catalogueOverrides(): Overrides {
  loaded ??= OverridesSchema.parse(overridesFile);
  return loaded;
}
