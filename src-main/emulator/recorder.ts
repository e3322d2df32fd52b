/** The record of every request the emulator served, and which of them are still in flight. */
import type { RecordedRequest } from './types';

export class Recorder {
  readonly requests: RecordedRequest[] = [];
  #seq = 0;
  #inFlight = 0;
  #idleWaiters: Array<() => void> = [];

  /** Records a request's arrival; the returned record is updated as its response proceeds. */
  begin(fields: Omit<RecordedRequest, 'seq' | 'outcome' | 'chunkTimes' | 'ruleIndex'>): RecordedRequest {
    this.#seq += 1;
    const record: RecordedRequest = {
      seq: this.#seq,
      ruleIndex: null,
      outcome: 'in-progress',
      chunkTimes: [],
      ...fields,
    };
    this.requests.push(record);
    return record;
  }

  /** Counts a response in flight until `done` settles. */
  track(done: Promise<unknown>): void {
    this.#inFlight += 1;
    const settle = () => {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    };
    done.then(settle, settle);
  }

  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  clear(): void {
    this.requests.length = 0;
  }
}
