/**
 * Profiles: named bundles of a model (or Auto), parameters, a system prompt, a fallback chain, a routing
 * strategy, a context strategy and a cache mode. Built-in examples ship in `builtin-profiles.json`; the user's
 * profiles come from the settings store and replace a built-in one with the same id. Aliases point to other
 * profiles and are followed with cycle detection.
 */
import type { ModelRef } from '@contract/models';
import {
  ProfileSchema,
  type ContextStrategy,
  type GenerationParams,
  type Profile,
  type ProfileInput,
  type RoutingStrategy,
} from '@contract/profiles';
import builtinProfileData from './builtin-profiles.json';
import { closestNames, orList } from './closest';

/** Auto's floor when a profile names none: GPT-4.1 mini / Haiku 4.5 class. */
export const DEFAULT_QUALITY_FLOOR = 3;

export type ProfileTarget = { kind: 'model'; model: ModelRef } | { kind: 'auto'; qualityFloor: number };

export type ResolvedProfile = {
  /** The id that was asked for. */
  requestedId: string;
  /** Every profile visited, the requested one first and the one used last (longer than one for aliases). */
  chain: string[];
  /** The profile whose settings are used. */
  profile: Profile;
  target: ProfileTarget;
  systemPrompt?: string;
  params: GenerationParams;
  fallback: ModelRef[];
  routing: RoutingStrategy;
  fallbackOnAuthError: boolean;
  context: ContextStrategy;
  cache: Profile['cache'];
};

export class ProfileError extends Error {
  /** The profiles visited before the problem, the failing one last. */
  readonly chain: string[];

  constructor(message: string, chain: string[]) {
    super(message);
    this.name = 'ProfileError';
    this.chain = chain;
  }
}

function issuesOf(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(profile)'}: ${i.message}`).join('; ');
}

export function parseBuiltinProfiles(data: unknown): Profile[] {
  if (!Array.isArray(data))
    throw new Error('The built-in profiles (catalogue/builtin-profiles.json) must be a list.');
  return data.map((entry: unknown, index) => {
    const result = ProfileSchema.safeParse(entry);
    if (!result.success) {
      throw new Error(
        `Built-in profile ${index} (catalogue/builtin-profiles.json) is malformed: ${issuesOf(result.error)}`,
      );
    }
    return { ...result.data, builtin: true };
  });
}

let builtin: Profile[] | undefined;

/** The example profiles that ship with Modeldesk. */
export function builtinProfiles(): Profile[] {
  builtin ??= parseBuiltinProfiles(builtinProfileData);
  return builtin;
}

export class Profiles {
  /** User profiles that were left out, and why, for Settings. */
  readonly problems: string[] = [];
  private readonly byId = new Map<string, Profile>();

  constructor(user: ProfileInput[] = [], builtins: Profile[] = builtinProfiles()) {
    for (const profile of builtins) this.byId.set(profile.id, profile);
    for (const input of user) {
      const result = ProfileSchema.safeParse(input);
      if (!result.success) {
        const id = typeof input?.id === 'string' ? input.id : '(no id)';
        this.problems.push(
          `Profile ${id} is invalid and was left out (${issuesOf(result.error)}). Correct it in Settings → Profiles.`,
        );
        continue;
      }
      this.byId.set(result.data.id, { ...result.data, builtin: false });
    }
  }

  /** Built-in profiles (or the user's replacements) in their order, then the user's own. */
  list(): Profile[] {
    return [...this.byId.values()];
  }

  get(id: string): Profile | undefined {
    return this.byId.get(id);
  }

  /** Follows aliases to a profile that names a model or Auto; an unknown profile or a cycle is a `ProfileError`. */
  resolve(requestedId: string): ResolvedProfile {
    const chain: string[] = [];
    let id = requestedId;
    for (;;) {
      if (chain.includes(id)) {
        throw new ProfileError(
          `Profiles point to each other in a circle: ${[...chain, id].join(' → ')}. Point one of them at a model or at Auto in Settings → Profiles.`,
          [...chain, id],
        );
      }
      chain.push(id);
      const profile = this.byId.get(id);
      if (!profile) throw this.unknown(id, chain);
      if (profile.kind === 'alias') {
        if (!profile.aliasOf) {
          throw new ProfileError(
            `Profile "${id}" is an alias but names no profile to point to${this.via(chain)}. Choose one in Settings → Profiles.`,
            chain,
          );
        }
        id = profile.aliasOf;
        continue;
      }
      return this.resolved(requestedId, chain, profile);
    }
  }

  private resolved(requestedId: string, chain: string[], profile: Profile): ResolvedProfile {
    let target: ProfileTarget;
    if (profile.kind === 'auto') {
      target = { kind: 'auto', qualityFloor: profile.qualityFloor ?? DEFAULT_QUALITY_FLOOR };
    } else if (profile.model) {
      target = { kind: 'model', model: profile.model };
    } else {
      throw new ProfileError(
        `Profile "${profile.id}" uses a fixed model but names none${this.via(chain)}. Choose its model in Settings → Profiles.`,
        chain,
      );
    }
    const resolved: ResolvedProfile = {
      requestedId,
      chain,
      profile,
      target,
      params: profile.params,
      fallback: profile.fallback,
      routing: profile.routing,
      fallbackOnAuthError: profile.fallbackOnAuthError,
      context: profile.context,
      cache: profile.cache,
    };
    if (profile.systemPrompt !== undefined) resolved.systemPrompt = profile.systemPrompt;
    return resolved;
  }

  private unknown(id: string, chain: string[]): ProfileError {
    const near = closestNames(id, this.byId.keys());
    return new ProfileError(
      `Unknown profile "${id}"${this.via(chain)}.${near.length ? ` Did you mean ${orList(near)}?` : ''} Choose a profile from Settings → Profiles.`,
      chain,
    );
  }

  private via(chain: string[]): string {
    return chain.length > 1 ? ` (reached through ${chain.join(' → ')})` : '';
  }
}
