/** The provider emulator's public API. */
export { startEmulator, baseURLsFor } from './server';
export { connectEmulator } from './remote';
export { emulatorEnvironment, EMULATOR_AZURE_API_VERSION } from './environment';
export type { RemoteEmulator } from './remote';
export { defaultReply } from './reply';
export { EMULATOR_PROTOCOLS } from './types';
export type {
  Emulator,
  EmulatorBaseURLs,
  EmulatorEndpoint,
  EmulatorOptions,
  EmulatorProtocol,
  Fault,
  RateLimitState,
  RecordedRequest,
  RequestOutcome,
  Rule,
  RuleMatch,
  ScriptedReply,
} from './types';
