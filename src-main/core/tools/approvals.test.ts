import { describe, expect, it } from 'vitest';
import { ApprovalBroker } from './approvals';

describe('approvals', () => {
  it('resolves a waiting call once, with the user’s decision', async () => {
    const broker = new ApprovalBroker();
    const waiting = broker.ask('s1', 'c1', new AbortController().signal);
    expect(broker.waiting('s1')).toEqual(['c1']);
    expect(broker.decide('s2', 'c1', 'once')).toBe(false);
    expect(broker.decide('s1', 'c1', 'always')).toBe(true);
    expect(broker.decide('s1', 'c1', 'deny')).toBe(false);
    await expect(waiting).resolves.toBe('always');
    expect(broker.waiting('s1')).toEqual([]);
  });

  it('ends the wait when the answer is stopped', async () => {
    const broker = new ApprovalBroker();
    const stop = new AbortController();
    const waiting = broker.ask('s1', 'c1', stop.signal);
    stop.abort();
    await expect(waiting).rejects.toMatchObject({ info: { kind: 'aborted' } });
    expect(broker.decide('s1', 'c1', 'once')).toBe(false);
    await expect(broker.ask('s1', 'c2', stop.signal)).rejects.toMatchObject({ info: { kind: 'aborted' } });
  });
});
