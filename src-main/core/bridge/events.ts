/**
 * Typed events from the core to the renderer. A host subscribes once and delivers each event to its clients:
 * to every client, or only to the one a stream belongs to.
 */
import type { EventName, EventPayload } from '@contract/bridge';

export type EventDelivery = { name: EventName; payload: unknown; to?: string };
export type EventSink = (delivery: EventDelivery) => void;

export class EventBus {
  private readonly sinks = new Set<EventSink>();

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<N extends EventName>(name: N, payload: EventPayload<N>, to?: string): void {
    const delivery: EventDelivery = to === undefined ? { name, payload } : { name, payload, to };
    for (const sink of this.sinks) sink(delivery);
  }
}
