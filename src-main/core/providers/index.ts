/**
 * The provider core's public face: build an adapter from a configuration, describe a configuration, presets,
 * timeouts, token counting and image helpers, the error class every call fails with, and the types of a call.
 * The types, the errors and the token counter may also be imported from their own files (types.ts, errors.ts,
 * token-count.ts: they load no SDK); the adapters, one file per provider, are internal to this folder (a rule in
 * .dependency-cruiser.cjs holds it).
 */
export { createAdapter, describeProvider, type ProviderDescription } from './registry';
export { ProviderError, retryAfterFromHeaders, scrubSecrets } from './errors';
export { PRESETS, presetFor, resolveSettings, type PresetInfo, type Env } from './presets';
export { DEFAULT_TIMEOUTS, resolveTimeouts } from './transport';
export {
  countTextTokens,
  encodingForModel,
  imageTokens,
  openAIImageFormula,
  type Encoding,
  type ImageFormula,
} from './token-count';
export { detectImageType, imageDimensions, loadImage } from './images';
export { anthropicMaxTokens, anthropicMaxOutputTokens } from './anthropic';
export { isOpenAIReasoningModel } from './openai-chat';
export type * from './types';
export { IMAGE_MEDIA_TYPES } from './types';
