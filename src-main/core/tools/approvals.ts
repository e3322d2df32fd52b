/**
 * The user's word on each tool call: a call waits here until the window answers (allow once, always for this tool,
 * deny) or its answer is stopped. Only a pending call of a running answer can be decided, once.
 */
import type { ToolApproval } from '@contract/tools';
import { ToolFailure } from './tool-error';

type Pending = { resolve: (decision: ToolApproval) => void; reject: (error: Error) => void };

export class ApprovalBroker {
  private readonly pending = new Map<string, Pending>();

  /** Waits for the user's decision on a call; Stop (the signal) ends the wait with an `aborted` failure. */
  ask(streamId: string, callId: string, signal: AbortSignal): Promise<ToolApproval> {
    const key = `${streamId}\u0000${callId}`;
    if (signal.aborted) return Promise.reject(ToolFailure.of('aborted', 'The answer was stopped.'));
    return new Promise<ToolApproval>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(key);
        reject(ToolFailure.of('aborted', 'The answer was stopped before the call was allowed.'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(key, {
        resolve: (decision) => {
          signal.removeEventListener('abort', onAbort);
          resolve(decision);
        },
        reject,
      });
    });
  }

  /** The user decided; false when no such call waits (decided already, stopped, or never asked). */
  decide(streamId: string, callId: string, decision: ToolApproval): boolean {
    const key = `${streamId}\u0000${callId}`;
    const waiting = this.pending.get(key);
    if (!waiting) return false;
    this.pending.delete(key);
    waiting.resolve(decision);
    return true;
  }

  waiting(streamId: string): string[] {
    const prefix = `${streamId}\u0000`;
    return [...this.pending.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }
}
