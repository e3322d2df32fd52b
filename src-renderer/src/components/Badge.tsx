import { Brain, Eye, Wrench } from 'lucide-react';
import type { ReactNode } from 'react';
import { formatLifecycle } from '@contract/format';
import type { Capabilities, ModelInfo } from '@contract/models';

export type BadgeTone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'info';

export function Badge({
  tone = 'neutral',
  icon,
  children,
  title,
}: {
  tone?: BadgeTone;
  icon?: ReactNode;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {icon}
      {children}
    </span>
  );
}

/** Vision, tools and reasoning marks of a model, each with its name for screen readers. */
export function CapabilityBadges({
  capabilities,
  compact,
}: {
  capabilities: Capabilities;
  compact?: boolean;
}) {
  const marks: Array<{ on: boolean; label: string; icon: ReactNode }> = [
    { on: capabilities.vision, label: 'Vision', icon: <Eye size={12} aria-hidden /> },
    { on: capabilities.tools, label: 'Tools', icon: <Wrench size={12} aria-hidden /> },
    { on: capabilities.reasoning, label: 'Reasoning', icon: <Brain size={12} aria-hidden /> },
  ];
  return (
    <span className="capabilities">
      {marks
        .filter((m) => m.on)
        .map((m) =>
          compact ? (
            <span key={m.label} className="capability-dot" title={m.label} role="img" aria-label={m.label}>
              {m.icon}
            </span>
          ) : (
            <Badge key={m.label} tone="neutral" icon={m.icon}>
              {m.label}
            </Badge>
          ),
        )}
    </span>
  );
}

/** A deprecated model with its retirement date, or a retired one, with main's notice as the tooltip; nothing in service. */
export function LifecycleBadge({ model }: { model: Pick<ModelInfo, 'lifecycle'> }) {
  const label = formatLifecycle(model.lifecycle);
  if (!label) return null;
  return (
    <Badge
      tone={model.lifecycle?.status === 'retired' ? 'danger' : 'warning'}
      title={model.lifecycle?.notice}
    >
      {label}
    </Badge>
  );
}
