import { describe, expect, it } from 'vitest';
import type { Message } from '@contract/conversations';
import { describeAttempts } from './answer-facts';

const answer = (extra: Partial<Message> = {}): Message => ({
  id: 'm',
  conversationId: 'c',
  role: 'assistant',
  text: '',
  attachments: [],
  createdAt: 1,
  status: 'error',
  ...extra,
});

const name = (ref: string) => ref.split(':')[1]!;

describe('describeAttempts', () => {
  it('says which models failed or were skipped, why, and which one answered', () => {
    const message = answer({
      attempts: [
        { model: 'anthropic:sonnet', outcome: 'failed', reason: 'overloaded after 3 attempts' },
        { model: 'openai:mini', outcome: 'skipped', reason: 'no vision' },
        { model: 'openai:gpt', outcome: 'served' },
      ],
    });
    expect(describeAttempts(message, name)).toEqual({
      fellBack: true,
      text: 'sonnet failed (overloaded after 3 attempts), mini was skipped (no vision), so gpt answered',
    });
  });

  it('is null when the first model answered (retries of it are not a fallback)', () => {
    const message = answer({
      attempts: [
        { model: 'openai:gpt', outcome: 'retried', reason: 'rate limited' },
        { model: 'openai:gpt', outcome: 'served' },
      ],
    });
    expect(describeAttempts(message, name)).toBeNull();
    expect(describeAttempts(answer(), name)).toBeNull();
  });

  it('lists the models tried when none answered, but not a lone model (its error says it)', () => {
    const chain = answer({
      attempts: [
        { model: 'anthropic:sonnet', outcome: 'failed', reason: 'overloaded' },
        { model: 'openai:gpt', outcome: 'failed', reason: 'server error' },
      ],
    });
    expect(describeAttempts(chain, name)).toEqual({
      fellBack: false,
      text: 'sonnet failed (overloaded), gpt failed (server error)',
    });
    const alone = answer({
      attempts: [{ model: 'anthropic:sonnet', outcome: 'failed', reason: 'overloaded' }],
    });
    expect(describeAttempts(alone, name)).toBeNull();
  });
});
