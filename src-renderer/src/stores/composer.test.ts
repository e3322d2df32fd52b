import { describe, expect, it, vi } from 'vitest';

vi.mock('../bridge', () => ({ bridge: { call: vi.fn(async () => ({})) }, describeError: String }));

const { restoreSent, setDraft, takeDraft, useComposerStore, moveDraft } = await import('./composer');

const draft = (key: string) => useComposerStore.getState().drafts[key];

describe('the composer across a send (issue 14): no keystroke lost', () => {
  it('empties the box the moment a message is sent, so what is typed next is kept apart', () => {
    setDraft('new', 'first message');
    const sent = takeDraft('new');
    expect(sent.text).toBe('first message');
    expect(draft('new')).toBe('');
    setDraft('new', 'typed meanwhile');
    // The new chat becomes a conversation while the send goes: the typing goes with it.
    moveDraft('new', 'c1');
    expect(draft('c1')).toBe('typed meanwhile');
  });

  it('puts a refused message back ahead of what was typed since, never over it', () => {
    setDraft('c2', 'refused message');
    const sent = takeDraft('c2');
    setDraft('c2', 'next thought');
    restoreSent('c2', sent);
    expect(draft('c2')).toBe('refused message\nnext thought');

    setDraft('c3', 'refused alone');
    const alone = takeDraft('c3');
    restoreSent('c3', alone);
    expect(draft('c3')).toBe('refused alone');
  });
});
