/**
 * The checks a schema cannot make: ids that repeat, keys in headers, custom models whose id disagrees with
 * their provider and model, profiles that name no model or point at profiles that do not exist (or in a
 * circle), and a default profile that would be missing after the import. They read the raw file, so they
 * report alongside the schema's problems, not after them.
 */
import type { StoredSettings } from '../storage/settings-schema';
import { closestNames, orList } from '../catalogue/closest';
import { REFUSED_HEADER } from './credentials';
import { pathText, type ConfigProblem } from './problems';

type Json = Record<string, unknown>;
type Entry = { value: Json; index: number };

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function entries(list: unknown): Entry[] {
  return Array.isArray(list)
    ? list.flatMap((value, index) => (isObject(value) ? [{ value, index }] : []))
    : [];
}

const SINGULAR = { providers: 'provider', profiles: 'profile', customModels: 'custom model' } as const;

function repeatedIds(section: keyof typeof SINGULAR, list: unknown): ConfigProblem[] {
  const first = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  for (const { value, index } of entries(list)) {
    if (typeof value.id !== 'string') continue;
    const earlier = first.get(value.id);
    if (earlier === undefined) first.set(value.id, index);
    else {
      problems.push({
        path: pathText([section, index, 'id']),
        message: `repeats the id "${value.id}" of ${section}[${earlier}]. Give each ${SINGULAR[section]} its own id, or remove one of them.`,
      });
    }
  }
  return problems;
}

function providerProblems(list: unknown): ConfigProblem[] {
  return entries(list).flatMap(({ value, index }) =>
    Object.keys(isObject(value.headers) ? value.headers : {})
      .filter((name) => REFUSED_HEADER.test(name))
      .map((name) => ({
        path: pathText(['providers', index, 'headers', name]),
        message:
          'carries a key, and keys are never taken from a configuration file. Remove this header, then add the ' +
          'key in Settings → Providers, where it is stored encrypted.',
      })),
  );
}

function customModelProblems(list: unknown): ConfigProblem[] {
  return entries(list).flatMap(({ value, index }) => {
    const { id, provider, model } = value;
    if (typeof id !== 'string' || typeof provider !== 'string' || typeof model !== 'string') return [];
    if (id === `${provider}:${model}`) return [];
    return [
      {
        path: pathText(['customModels', index, 'id']),
        message: `is "${id}", but its provider and model say "${provider}:${model}". Make the id provider:model.`,
      },
    ];
  });
}

/** The known profiles closest to a name that is not one: `"writer", "default" or "fast"`. */
function closest(name: string, ids: Iterable<string>): string {
  return orList(closestNames(name, ids).map((id) => `"${id}"`));
}

function profileProblems(list: unknown, aliasOf: ReadonlyMap<string, string | null>): ConfigProblem[] {
  return entries(list).flatMap(({ value, index }): ConfigProblem[] => {
    const at = (field: string) => pathText(['profiles', index, field]);
    if (value.kind === 'model' && value.model === undefined) {
      return [
        {
          path: at('model'),
          message:
            'is missing: a profile of kind "model" names its model, such as openai:gpt-4.1. Add it, or set kind to "auto".',
        },
      ];
    }
    if (value.kind !== 'alias' || typeof value.id !== 'string') return [];
    if (typeof value.aliasOf !== 'string') {
      return [
        { path: at('aliasOf'), message: 'is missing: an alias names the profile it stands for. Add it.' },
      ];
    }
    if (!aliasOf.has(value.aliasOf)) {
      return [
        {
          path: at('aliasOf'),
          message: `names the profile "${value.aliasOf}", which is neither in this file nor built in. Point it at an existing profile, such as ${closest(value.aliasOf, aliasOf.keys())}.`,
        },
      ];
    }
    const chain = [value.id];
    for (let next = aliasOf.get(value.id); next; next = aliasOf.get(next)) {
      if (next === value.id) {
        return [
          {
            path: at('aliasOf'),
            message: `leads in a circle: ${[...chain, next].join(' → ')}. Point one of these profiles at a model or at Auto.`,
          },
        ];
      }
      if (chain.includes(next)) break;
      chain.push(next);
    }
    return [];
  });
}

/** Every profile known after the import, with what each alias points to (null for a profile that is no alias). */
function profilesAfter(
  file: Json,
  current: StoredSettings,
  builtin: readonly Json[],
): Map<string, string | null> {
  const known = new Map<string, string | null>();
  const user = Array.isArray(file.profiles) ? entries(file.profiles).map((e) => e.value) : current.profiles;
  for (const profile of [...builtin, ...user]) {
    if (typeof profile.id !== 'string') continue;
    known.set(
      profile.id,
      profile.kind === 'alias' && typeof profile.aliasOf === 'string' ? profile.aliasOf : null,
    );
  }
  return known;
}

function defaultProfileProblems(
  file: Json,
  current: StoredSettings,
  known: ReadonlyMap<string, unknown>,
): ConfigProblem[] {
  const settings = isObject(file.settings) ? file.settings : undefined;
  if (settings && typeof settings.defaultProfileId === 'string') {
    if (known.has(settings.defaultProfileId)) return [];
    return [
      {
        path: 'settings.defaultProfileId',
        message: `names the profile "${settings.defaultProfileId}", which is neither in this file nor built in. Use an existing profile, such as ${closest(settings.defaultProfileId, known.keys())}.`,
      },
    ];
  }
  const kept = current.settings.defaultProfileId;
  if (settings || known.has(kept)) return [];
  return [
    {
      path: 'profiles',
      message: `leaves out "${kept}", the default profile in Settings. Add it, or set settings.defaultProfileId to another profile.`,
    },
  ];
}

/** Model ids named by profiles (model, fallback, summary model) that no catalogue and no custom model knows. */
function modelProblems(
  file: Json,
  current: StoredSettings,
  isKnownModel: ((id: string) => boolean) | undefined,
): ConfigProblem[] {
  if (!isKnownModel || !Array.isArray(file.profiles)) return [];
  const custom = new Set(
    (Array.isArray(file.customModels) ? entries(file.customModels).map((e) => e.value) : current.customModels)
      .map((m) => m.id)
      .filter((id): id is string => typeof id === 'string'),
  );
  const known = (id: string) => custom.has(id) || isKnownModel(id);
  const problem = (path: Array<string | number>, id: string): ConfigProblem => ({
    path: pathText(path),
    message: `names the model "${id}", which Modeldesk does not know. Add it under customModels, or name a model listed in Settings → Models (written provider:model).`,
  });
  return entries(file.profiles).flatMap(({ value, index }) => {
    const found: ConfigProblem[] = [];
    if (typeof value.model === 'string' && !known(value.model))
      found.push(problem(['profiles', index, 'model'], value.model));
    if (Array.isArray(value.fallback)) {
      value.fallback.forEach((id, i) => {
        if (typeof id === 'string' && !known(id)) found.push(problem(['profiles', index, 'fallback', i], id));
      });
    }
    const summary = isObject(value.context) ? value.context.summaryModel : undefined;
    if (typeof summary === 'string' && !known(summary)) {
      found.push(problem(['profiles', index, 'context', 'summaryModel'], summary));
    }
    return found;
  });
}

export function crossCheck(
  file: Json,
  current: StoredSettings,
  builtinProfiles: readonly Json[],
  isKnownModel?: (id: string) => boolean,
): ConfigProblem[] {
  const known = profilesAfter(file, current, builtinProfiles);
  return [
    ...repeatedIds('providers', file.providers),
    ...providerProblems(file.providers),
    ...repeatedIds('customModels', file.customModels),
    ...customModelProblems(file.customModels),
    ...repeatedIds('profiles', file.profiles),
    ...profileProblems(file.profiles, known),
    ...modelProblems(file, current, isKnownModel),
    ...defaultProfileProblems(file, current, known),
  ];
}

/**
 * The same checks for one profile or custom model saved from Settings: the settings as they would be after the
 * edit, checked like an imported file; the problems of the edited entry, each naming its field.
 */
export function checkEdit(
  edit: { profile: Json } | { customModel: Json },
  current: StoredSettings,
  builtinProfiles: readonly Json[],
  isKnownModel?: (id: string) => boolean,
): string[] {
  const section = 'profile' in edit ? 'profiles' : 'customModels';
  const entry = 'profile' in edit ? edit.profile : edit.customModel;
  const saved = (section === 'profiles' ? current.profiles : current.customModels) as unknown as Json[];
  const list = saved.filter((existing) => existing.id !== entry.id);
  list.push(entry);
  const prefix = `${section}[${list.length - 1}]`;
  return crossCheck({ [section]: list }, current, builtinProfiles, isKnownModel)
    .filter((problem) => problem.path === prefix || problem.path.startsWith(`${prefix}.`))
    .map((problem) => {
      const field = problem.path.slice(prefix.length + 1);
      return field ? `${field} ${problem.message}` : problem.message;
    });
}
