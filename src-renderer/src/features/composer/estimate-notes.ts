import type { Estimate } from '@contract/bridge';

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * What the composer says about the next call beyond its cost: which earlier messages the context strategy will
 * leave out or summarize to fit the model's window, and which model Auto will pick and why.
 */
export function estimateNotes(estimate: Estimate, modelName: (ref: string) => string): string[] {
  const notes: string[] = [];
  const excluded = estimate.context.excludedMessageIds.length;
  const model = estimate.model ? modelName(estimate.model) : 'the model';
  if (estimate.autoChoice) {
    notes.push(`Auto will use ${modelName(estimate.autoChoice.model)}: ${estimate.autoChoice.reason}`);
  }
  if (excluded > 0 && estimate.context.action === 'drop-oldest') {
    notes.push(
      `To fit ${model}’s context window, the ${plural(excluded, 'oldest message is', 'oldest messages are')} left out of this call.`,
    );
  } else if (excluded > 0 && estimate.context.action === 'summarize') {
    notes.push(
      `To fit ${model}’s context window, the ${plural(excluded, 'oldest message is', 'oldest messages are')} replaced by a summary (written by a cheaper model).`,
    );
  }
  return notes;
}
