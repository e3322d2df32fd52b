/**
 * The provider core's public face: build an adapter from a configuration, describe a configuration, the error
 * class every call fails with, and token counting helpers. Everything else in this folder is internal.
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
