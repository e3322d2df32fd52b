/**
 * The composer and main agree on every send. For profiles made of every kind of model (with and without vision,
 * of a provider that is set up or not) as primary and as fallback, with and without an image: the composer's
 * Send (the renderer's `sendState` over main's `chat.estimate`) is open exactly when main's `chat.send` takes
 * the message and answers it; and when Send is closed, a send is refused with the very words the composer shows.
 * Through the bridge router of a real core against the provider emulator over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeResult, CallInput, CallName, CallOutput, ChatStreamBatch } from '@contract/bridge';
import type { Profile } from '@contract/profiles';
import { sendState } from '../../../src-renderer/src/features/composer/send-state';
import { emulatorEnvironment, startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/types';
import { pngBytes } from '../storage/testing/fixtures';
import { createAppCore, type AppCore } from '../app-core';

/** One model of each kind: the emulator's environment sets up OpenAI and Ollama, not OpenRouter nor Groq. */
const MODELS = {
  'vision, set up': 'openai:gpt-4.1-mini',
  'text only, set up': 'ollama:llama3.1',
  'vision, not set up': 'openrouter:openai/gpt-4o-mini',
  'text only, not set up': 'groq:llama-3.1-8b-instant',
} as const;
type Kind = keyof typeof MODELS;
const KINDS = Object.keys(MODELS) as Kind[];

/** Every primary alone, and every primary with each other kind as its fallback. */
const CHAINS: Array<{ primary: Kind; fallback: Kind[] }> = KINDS.flatMap((primary) => [
  { primary, fallback: [] },
  ...KINDS.filter((k) => k !== primary).map((k) => ({ primary, fallback: [k] })),
]);

const CLIENT = 'window-1';
let emulator: Emulator;
let dataDir: string;
let core: AppCore;
let image: string;
const ended = new Map<string, (type: string) => void>();

async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<BridgeResult<CallOutput<N>>> {
  return (await core.router.dispatch(name, input, { clientId: CLIENT })) as BridgeResult<CallOutput<N>>;
}

async function value<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.script({ reply: { text: 'Answered.' }, times: Infinity });
  dataDir = mkdtempSync(join(tmpdir(), 'modeldesk-agreement-'));
  core = await createAppCore({
    host: 'web',
    dataDir,
    env: emulatorEnvironment(emulator),
    version: 'test',
    platform: 'linux',
    vault: { kind: 'memory' },
    openExternal: async () => ({ opened: false }),
    healthCheckIntervalMs: 0,
  });
  core.events.subscribe(({ name, payload }) => {
    if (name !== 'chat.stream') return;
    const batch = payload as ChatStreamBatch;
    void core.router.dispatch('chat.ack', { streamId: batch.streamId, seq: batch.seq }, { clientId: CLIENT });
    const last = batch.events.find((e) => e.type === 'done' || e.type === 'error');
    if (last) ended.get(batch.streamId)?.(last.type);
  });
  const bytes = pngBytes(8, 6, 3);
  image = (
    await value('attachments.add', {
      name: 'chart.png',
      mediaType: 'image/png',
      dataBase64: bytes.toString('base64'),
    })
  ).hash;
});

afterAll(async () => {
  await core.dispose();
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the composer and main agree on every send', () => {
  const cases = CHAINS.flatMap((chain) => [false, true].map((withImage) => ({ ...chain, withImage })));

  it.each(cases)(
    '$primary, then $fallback, with an image: $withImage',
    async ({ primary, fallback, withImage }) => {
      const id = `p-${KINDS.indexOf(primary)}-${fallback.map((k) => KINDS.indexOf(k)).join('')}-${withImage ? 'i' : 't'}`;
      const profile: Profile = {
        id,
        name: id,
        kind: 'model',
        model: MODELS[primary],
        fallback: fallback.map((k) => MODELS[k]),
        params: {},
        routing: 'priority',
        fallbackOnAuthError: false,
        context: { mode: 'refuse' },
        cache: 'off',
      };
      await value('profiles.upsert', { profile });
      const conversation = await value('conversations.create', { profileId: id });
      const message = { text: 'What is on this chart?', attachments: withImage ? [image] : [] };

      const estimate = await value('chat.estimate', { conversationId: conversation.id, ...message });
      const composer = sendState(estimate, { empty: false, preparing: false, busy: false });
      const sent = await call('chat.send', { conversationId: conversation.id, ...message });

      if (composer.canSend) {
        // Send was open: main takes it, and a model of the chain answers.
        expect(sent.ok, sent.ok ? '' : sent.error.message).toBe(true);
        if (!sent.ok) return;
        const last = await new Promise<string>((resolve) => ended.set(sent.value.streamId, resolve));
        expect(last).toBe('done');
      } else {
        // Send was closed: main refuses with the words the composer showed.
        expect(sent.ok).toBe(false);
        if (sent.ok) return;
        const { bridge: _bridge, ...refusal } = sent.error;
        expect(refusal).toEqual(composer.blocked?.error);
      }
      // The expected verdict, worked out from the chain itself: some model that can see (when an image goes) and
      // whose provider is set up.
      const servable = [primary, ...fallback].some(
        (k) => !k.endsWith('not set up') && (!withImage || k.startsWith('vision')),
      );
      expect(composer.canSend).toBe(servable);
    },
  );
});

describe('a budget a send would pass', () => {
  it("closes Send with the budget guard's words, and a send is refused with the same, before anything is sent", async () => {
    const conversation = await value('conversations.create', { model: MODELS['vision, set up'] });
    const message = { text: 'One more question', attachments: [] };
    await value('budgets.update', { budgets: { monthlyMicros: 1, warnAtPercent: 80 } });
    try {
      const estimate = await value('chat.estimate', { conversationId: conversation.id, ...message });
      const composer = sendState(estimate, { empty: false, preparing: false, busy: false });
      expect(composer.canSend).toBe(false);
      expect(composer.blocked?.error.kind).toBe('budget');
      const asked = emulator.requests.length;
      const sent = await call('chat.send', { conversationId: conversation.id, ...message });
      expect(sent.ok).toBe(false);
      if (sent.ok) return;
      const { bridge: _bridge, ...refusal } = sent.error;
      expect(refusal).toEqual(composer.blocked?.error);
      expect(emulator.requests).toHaveLength(asked);
    } finally {
      await value('budgets.update', { budgets: { warnAtPercent: 80 } });
    }
  });
});
