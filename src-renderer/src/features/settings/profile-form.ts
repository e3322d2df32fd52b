/**
 * The profile editor's values and their check: a profile for `profiles.upsert`, or a message per field saying what
 * to fix. Settings the editor does not show (routing, other parameters) are kept from the profile being edited.
 */
import type { Profile } from '@contract/profiles';
import type { ToolChoice } from '@contract/tools';
import type { FormErrors } from './custom-model-form';

export type ProfileForm = {
  id: string;
  name: string;
  description: string;
  kind: 'model' | 'auto';
  model: string;
  fallback: string[];
  systemPrompt: string;
  temperature: string;
  maxOutputTokens: string;
  contextMode: Profile['context']['mode'];
  summaryModel: string;
  qualityFloor: string;
  cache: Profile['cache'];
  /** Which MCP tools the model may use (none when no server is chosen). */
  tools: ToolChoice;
};

export const EMPTY_PROFILE: ProfileForm = {
  id: '',
  name: '',
  description: '',
  kind: 'model',
  model: '',
  fallback: [],
  systemPrompt: '',
  temperature: '',
  maxOutputTokens: '',
  contextMode: 'drop-oldest',
  summaryModel: '',
  qualityFloor: '3',
  cache: 'auto',
  tools: { servers: [] },
};

/** A profile id from its name: lowercase letters, digits and dashes. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

export function formFromProfile(profile: Profile): ProfileForm {
  return {
    id: profile.id,
    name: profile.name,
    description: profile.description ?? '',
    kind: profile.kind === 'auto' ? 'auto' : 'model',
    model: profile.model ?? '',
    fallback: [...profile.fallback],
    systemPrompt: profile.systemPrompt ?? '',
    temperature: profile.params.temperature === undefined ? '' : String(profile.params.temperature),
    maxOutputTokens:
      profile.params.maxOutputTokens === undefined ? '' : String(profile.params.maxOutputTokens),
    contextMode: profile.context.mode,
    summaryModel: profile.context.summaryModel ?? '',
    qualityFloor: String(profile.qualityFloor ?? 3),
    cache: profile.cache,
    tools: profile.tools ?? { servers: [] },
  };
}

/** A copy of a profile (built-in ones cannot be changed) under a new id that is not taken. */
export function duplicateForm(profile: Profile, takenIds: readonly string[]): ProfileForm {
  const form = formFromProfile(profile);
  let id = `${profile.id}-copy`;
  for (let n = 2; takenIds.includes(id); n++) id = `${profile.id}-copy-${n}`;
  return { ...form, id, name: `${profile.name} (copy)` };
}

export function profileFromForm(
  form: ProfileForm,
  options: { base?: Profile; takenIds: readonly string[]; isNew: boolean },
): { ok: true; profile: Profile } | { ok: false; errors: FormErrors<keyof ProfileForm> } {
  const errors: FormErrors<keyof ProfileForm> = {};
  const name = form.name.trim();
  const id = form.id || slugOf(name);
  if (!name) errors.name = 'Give the profile a name.';
  else if (!id) errors.name = 'The name needs at least one letter or digit.';
  else if (options.isNew && options.takenIds.includes(id)) {
    errors.name = `A profile with the id “${id}” exists already; choose another name.`;
  }
  if (form.kind === 'model' && !form.model) errors.model = 'Choose the model this profile uses.';
  const temperature = form.temperature.trim() === '' ? undefined : Number(form.temperature);
  if (temperature !== undefined && !(temperature >= 0 && temperature <= 2)) {
    errors.temperature = 'A number from 0 to 2, or blank for the model’s default.';
  }
  const maxOutputTokens = form.maxOutputTokens.trim() === '' ? undefined : Number(form.maxOutputTokens);
  if (maxOutputTokens !== undefined && !(Number.isInteger(maxOutputTokens) && maxOutputTokens > 0)) {
    errors.maxOutputTokens = 'A whole number of tokens, or blank for the model’s limit.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const base = options.base;
  const params: Profile['params'] = { ...base?.params };
  if (temperature === undefined) delete params.temperature;
  else params.temperature = temperature;
  if (maxOutputTokens === undefined) delete params.maxOutputTokens;
  else params.maxOutputTokens = maxOutputTokens;
  const context: Profile['context'] = { mode: form.contextMode };
  if (form.contextMode === 'summarize' && form.summaryModel) context.summaryModel = form.summaryModel;

  const profile: Profile = {
    routing: base?.routing ?? 'priority',
    fallbackOnAuthError: base?.fallbackOnAuthError ?? false,
    id,
    name,
    kind: form.kind,
    params,
    fallback: form.kind === 'model' ? form.fallback.filter((ref) => ref && ref !== form.model) : [],
    context,
    cache: form.cache,
  };
  if (form.description.trim()) profile.description = form.description.trim();
  if (form.systemPrompt.trim()) profile.systemPrompt = form.systemPrompt;
  if (form.tools.servers.length > 0) profile.tools = form.tools;
  if (form.kind === 'model') profile.model = form.model;
  else profile.qualityFloor = Number(form.qualityFloor) || 3;
  return { ok: true, profile };
}
