import { describe, expect, it } from 'vitest';
import { EventChannel } from './event-channel';

describe('EventChannel', () => {
  it('hands pushed items to the reader in order and ends when closed', async () => {
    const channel = new EventChannel<number>(() => {});
    void channel.push(1);
    void channel.push(2);
    channel.close();
    const read: number[] = [];
    for await (const item of channel) read.push(item);
    expect(read).toEqual([1, 2]);
  });

  it('holds a producer that runs ahead of the reader', async () => {
    const channel = new EventChannel<number>(() => {}, 2);
    let released = false;
    await channel.push(1);
    const second = channel.push(2).then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    const reader = channel[Symbol.asyncIterator]();
    expect(await reader.next()).toEqual({ value: 1, done: false });
    await second;
    expect(released).toBe(true);
  });

  it('tells the producer when the reader stops early, and drops what comes after', async () => {
    let stopped = 0;
    const channel = new EventChannel<string>(() => stopped++, 1);
    const blocked = channel.push('a');
    for await (const item of channel) {
      expect(item).toBe('a');
      break;
    }
    await blocked;
    expect(stopped).toBe(1);
    await channel.push('b');
  });

  it('passes a failure to the reader', async () => {
    const channel = new EventChannel<number>(() => {});
    channel.fail(new Error('producer broke'));
    await expect(channel[Symbol.asyncIterator]().next()).rejects.toThrow('producer broke');
  });
});
