import { useMemo } from 'react';
import type { ProviderView } from '@contract/bridge';
import type { ModelInfo, ProviderHealth } from '@contract/models';
import { Badge, CapabilityBadges, LifecycleBadge } from '../Badge';
import { Combobox, type ComboOption } from '../Combobox';
import { formatContext, formatModelPrices } from '@contract/format';

const PROFILE_DEFAULT = '';

function healthBadge(provider: ProviderView | undefined, health: ProviderHealth | undefined) {
  if (provider && !provider.configured) return <Badge tone="neutral">not set up</Badge>;
  if (health?.state === 'down') return <Badge tone="danger">down</Badge>;
  if (health?.state === 'degraded') return <Badge tone="warning">degraded</Badge>;
  return null;
}

function modelOptions(
  models: readonly ModelInfo[],
  providers: readonly ProviderView[],
  health: readonly ProviderHealth[],
  profileModelName: string | null,
  includeProfileChoice: boolean,
  current: string | null,
): ComboOption[] {
  const providerById = new Map(providers.map((p) => [p.id, p]));
  const healthById = new Map(health.map((h) => [h.provider, h]));
  const options: ComboOption[] = includeProfileChoice
    ? [
        {
          value: PROFILE_DEFAULT,
          label: 'Profile’s choice',
          description: profileModelName ? `Uses ${profileModelName}` : 'The profile decides',
        },
      ]
    : [];
  const sorted = [...models]
    // Retired models are no new choice; the one already chosen stays visible, marked.
    .filter((m) => m.lifecycle?.status !== 'retired' || m.id === current)
    // Providers that are set up first (what can answer now), then by provider, current models before deprecated
    // ones, best models first.
    .sort(
      (a, b) =>
        Number(a.configured === false) - Number(b.configured === false) ||
        a.provider.localeCompare(b.provider) ||
        Number(Boolean(a.deprecated)) - Number(Boolean(b.deprecated)) ||
        b.qualityTier - a.qualityTier ||
        a.displayName.localeCompare(b.displayName),
    );
  for (const model of sorted) {
    const provider = providerById.get(model.provider);
    options.push({
      value: model.id,
      label: model.displayName,
      group: provider?.label ?? model.provider,
      keywords: `${model.id} ${model.provider}`,
      description: `${formatContext(model.contextWindow)} context · ${formatModelPrices(model.prices)}`,
      trailing: (
        <>
          <LifecycleBadge model={model} />
          {healthBadge(provider, healthById.get(model.provider))}
          <CapabilityBadges capabilities={model.capabilities} compact />
        </>
      ),
    });
  }
  return options;
}

/** The model picker ("Model"): grouped by provider, with capabilities, context size, prices and health; searchable. */
export function ModelPicker({
  value,
  onChange,
  models,
  providers,
  health,
  profileModelName,
  label = 'Model',
  includeProfileChoice = true,
  placeholder = 'Choose a model',
}: {
  value: string | null;
  onChange: (model: string | null) => void;
  models: readonly ModelInfo[];
  providers: readonly ProviderView[];
  health: readonly ProviderHealth[];
  /** What the profile uses when no model is picked, as its profile names it (`profileModelLabel`). */
  profileModelName: string | null;
  /** The accessible name ("Model" in the chat header). */
  label?: string;
  /** Offers "Profile’s choice" (no model of its own) first; off where a model must be chosen. */
  includeProfileChoice?: boolean;
  placeholder?: string;
}) {
  const options = useMemo(
    () => modelOptions(models, providers, health, profileModelName, includeProfileChoice, value),
    [models, providers, health, profileModelName, includeProfileChoice, value],
  );
  return (
    <Combobox
      label={label}
      value={value ?? PROFILE_DEFAULT}
      options={options}
      onChange={(v) => onChange(v === PROFILE_DEFAULT ? null : v)}
      searchLabel="Search models"
      emptyText="No model matches. Custom models are added in Settings."
      renderValue={(option) =>
        option && option.value !== PROFILE_DEFAULT ? (
          option.label
        ) : (
          <span className="combo-placeholder-strong">
            {includeProfileChoice ? (profileModelName ?? 'Profile’s choice') : placeholder}
          </span>
        )
      }
      placement="bottom-end"
      footer="Prices are per million tokens, input / output."
    />
  );
}
