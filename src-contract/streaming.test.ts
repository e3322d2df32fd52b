import { describe, expect, it } from 'vitest';
import { STREAM_ACK_INTERVAL_MS, STREAM_ACK_WINDOW, STREAM_INTERVAL_MS } from './streaming';

describe('the streaming pace', () => {
  it('lets a window that keeps up acknowledge well before the relay would hold a batch back', () => {
    // The relay holds a batch back once STREAM_ACK_WINDOW are unacknowledged: that is this long of sending.
    const windowMs = STREAM_ACK_WINDOW * STREAM_INTERVAL_MS;
    // A window that keeps up acknowledges within one interval; leave as much again for the trip and a busy frame.
    expect(windowMs).toBeGreaterThanOrEqual(2 * STREAM_ACK_INTERVAL_MS);
  });

  it('updates the window at least 20 times a second, and acknowledges less often than it is updated', () => {
    expect(1000 / STREAM_INTERVAL_MS).toBeGreaterThanOrEqual(20);
    expect(STREAM_ACK_INTERVAL_MS).toBeGreaterThan(STREAM_INTERVAL_MS);
  });
});
