/**
 * A client of the web host's bridge from Node, speaking the renderer's wire format (JSON frames over the
 * WebSocket, the same checks: this server's Origin and the run's secret). The benchmark uses it to hold many
 * conversations with the app quickly, acknowledging each stream batch as the renderer does.
 */
import WebSocket from 'ws';
import type { BridgeResult, ChatStreamBatch, WireToRenderer } from '@contract/bridge';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class BridgeClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly finished = new Map<string, () => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.onFrame(JSON.parse(data.toString()) as WireToRenderer));
  }

  /** Connects to the host whose page URL (with its secret) is `pageUrl`. */
  static async connect(pageUrl: string): Promise<BridgeClient> {
    const url = new URL(pageUrl);
    const secret = url.searchParams.get('secret') ?? '';
    const socket = new WebSocket(`ws://${url.host}/bridge?secret=${encodeURIComponent(secret)}`, {
      origin: url.origin,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new BridgeClient(socket);
  }

  async call<T>(name: string, input: unknown): Promise<T> {
    const result = await this.attempt<T>(name, input);
    if (!result.ok) throw new Error(`Bridge call failed: ${result.error.message}`);
    return result.value;
  }

  /** A call's result as the renderer gets it: the value, or the error main answered with. */
  attempt<T>(name: string, input: unknown): Promise<BridgeResult<T>> {
    const id = this.nextId++;
    return new Promise<BridgeResult<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ t: 'call', id, name, input }));
    });
  }

  /** Sends a message in a conversation and resolves once its answer is complete. */
  async exchange(conversationId: string, text: string): Promise<void> {
    const sent = await this.call<{ assistantMessageId: string }>('chat.send', { conversationId, text });
    await new Promise<void>((resolve) => {
      // The answer may already be complete (its last batch came before the call's result).
      if (this.finished.has(sent.assistantMessageId)) resolve();
      else this.finished.set(sent.assistantMessageId, resolve);
    });
    this.finished.delete(sent.assistantMessageId);
  }

  close(): void {
    this.socket.close();
  }

  private onFrame(frame: WireToRenderer): void {
    if (frame.t === 'result') {
      const pending = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      pending?.resolve(frame.result);
      return;
    }
    if (frame.name !== 'chat.stream') return;
    const batch = frame.payload as ChatStreamBatch;
    void this.call('chat.ack', { streamId: batch.streamId, seq: batch.seq });
    if (batch.events.some((e) => e.type === 'done' || e.type === 'error')) {
      const waiting = this.finished.get(batch.messageId);
      if (waiting) waiting();
      else this.finished.set(batch.messageId, () => {});
    }
  }
}
