import { z } from 'zod';
import { ModelRefSchema } from './models';
import { ToolChoiceSchema } from './tools';

export const RoutingStrategySchema = z.enum(['priority', 'round-robin', 'lowest-latency', 'healthiest']);
export type RoutingStrategy = z.infer<typeof RoutingStrategySchema>;

export const ContextStrategySchema = z.object({
  /** refuse: say by how much it is too long; drop-oldest: leave out the oldest turns; summarize: replace them by a summary. */
  mode: z.enum(['refuse', 'drop-oldest', 'summarize']),
  /** The cheaper model that writes summaries (summarize only). */
  summaryModel: ModelRefSchema.optional(),
});
export type ContextStrategy = z.infer<typeof ContextStrategySchema>;

export const GenerationParamsSchema = z.object({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().gt(0).max(1).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  stop: z.array(z.string().max(200)).max(4).optional(),
  seed: z.number().int().optional(),
  reasoningEffort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
  thinkingBudgetTokens: z.number().int().min(1024).optional(),
});
export type GenerationParams = z.infer<typeof GenerationParamsSchema>;

export const ProfileSchema = z.object({
  id: z
    .string()
    .max(100, 'A profile id is at most 100 characters')
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'A profile id uses lowercase letters, digits and dashes'),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  /** model: a fixed model; auto: the cheapest capable model above a quality floor; alias: another profile. */
  kind: z.enum(['model', 'auto', 'alias']),
  model: ModelRefSchema.optional(),
  aliasOf: z.string().max(100).optional(),
  systemPrompt: z.string().max(200_000).optional(),
  params: GenerationParamsSchema.default({}),
  /** Tried in order after the main model when it is unavailable. */
  fallback: z.array(ModelRefSchema).max(20).default([]),
  routing: RoutingStrategySchema.default('priority'),
  /** Whether an authentication failure moves on to the next model. */
  fallbackOnAuthError: z.boolean().default(false),
  context: ContextStrategySchema.default({ mode: 'refuse' }),
  /** Auto only: the lowest quality tier Auto may pick (1 to 5). */
  qualityFloor: z.number().int().min(1).max(5).optional(),
  /** Response cache: auto is on for temperature 0 only. */
  cache: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Which MCP tools the model may use; absent: none. A conversation can choose otherwise. */
  tools: ToolChoiceSchema.optional(),
  builtin: z.boolean().optional(),
});
export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;
