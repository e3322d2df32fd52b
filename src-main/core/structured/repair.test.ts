/** Structured answers with one repair, through the real pipeline and adapters against the provider emulator. */
import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../policies/call-records';
import { candidate, policyStack, useEmulator } from '../policies/test-support';
import { repairPrompt, runStructured, type StructuredComplete, type StructuredRequest } from './repair';
import { compileSchema } from './schema';

const emulator = useEmulator();

const schema = {
  type: 'object',
  properties: { name: { type: 'string' }, price: { type: 'number' } },
  required: ['name', 'price'],
  additionalProperties: false,
};
const compiled = compileSchema(schema);
const request: StructuredRequest = {
  messages: [{ role: 'user', content: 'What does the receipt say?' }],
  responseFormat: { type: 'json_schema', name: 'receipt', schema },
};
const gpt = candidate('openai:gpt-4.1');

type Body = { messages: Array<{ role: string; content: string }>; response_format?: unknown };

/** `complete` over the pipeline, keeping each call's purpose and attempt records as the chat service would. */
function pipelineComplete() {
  const { pipeline } = policyStack(emulator());
  const calls: Array<{ purpose: string; attempts: AttemptRecord[] }> = [];
  const complete: StructuredComplete = async (req, purpose) => {
    const attempts: AttemptRecord[] = [];
    const outcome = await pipeline.complete({
      candidates: [gpt],
      request: req,
      onAttempt: (r) => attempts.push(r),
    });
    calls.push({ purpose, attempts });
    return outcome;
  };
  return { pipeline, complete, calls };
}

describe('repairPrompt', () => {
  it('lists the problems and asks for the corrected JSON alone', () => {
    expect(repairPrompt('/price: must be number, not string\n/name: is required')).toBe(
      [
        'Your answer does not match the required JSON schema:',
        '- /price: must be number, not string',
        '- /name: is required',
        '',
        'Answer again with the corrected JSON only: the whole object, matching the schema, with no explanation',
        'and no code fence around it.',
      ].join('\n'),
    );
  });
});

describe('runStructured', () => {
  it('returns a valid first answer without a repair', async () => {
    const emu = emulator();
    emu.script({ reply: { text: '```json\n{"name": "Tea", "price": 3.5}\n```' } });
    const { complete, calls } = pipelineComplete();
    const run = await runStructured({ complete, request, compiled });
    expect(run).toMatchObject({ ok: true, value: { name: 'Tea', price: 3.5 } });
    expect(run.text).toContain('```json');
    expect(run.outcomes).toHaveLength(1);
    expect(calls.map((c) => c.purpose)).toEqual(['answer']);
    expect(emu.requests).toHaveLength(1);
  });

  it('repairs an invalid answer once, sending the answer back with what is wrong', async () => {
    const emu = emulator();
    emu.script(
      { reply: { text: '{"name": "Tea", "price": "3.50"}' } },
      { reply: { text: '{"name": "Tea", "price": 3.5}' } },
    );
    const { complete, calls } = pipelineComplete();
    const run = await runStructured({ complete, request, compiled });

    expect(run).toEqual({
      ok: true,
      value: { name: 'Tea', price: 3.5 },
      text: '{"name": "Tea", "price": 3.5}',
      outcomes: [expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })],
    });
    expect(calls.map((c) => [c.purpose, c.attempts.length, c.attempts[0]?.outcome])).toEqual([
      ['answer', 1, 'ok'],
      ['repair', 1, 'ok'],
    ]);
    expect(run.outcomes[0]?.requestId).not.toBe(run.outcomes[1]?.requestId);

    expect(emu.requests).toHaveLength(2);
    const repair = emu.requests[1]?.body as Body;
    expect(repair.messages).toEqual([
      { role: 'user', content: 'What does the receipt say?' },
      { role: 'assistant', content: '{"name": "Tea", "price": "3.50"}' },
      { role: 'user', content: repairPrompt('/price: must be number, not string') },
    ]);
    // The repair asks for the same schema as the first call.
    expect(repair.response_format).toEqual((emu.requests[0]?.body as Body).response_format);
    expect(repair.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'receipt' } });
  });

  it('ends with invalid_output, and the problems, when the repaired answer is invalid too', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'Sorry, the receipt is unreadable.' } }, { reply: { text: '{"name": 5}' } });
    const { complete } = pipelineComplete();
    const run = await runStructured({ complete, request, compiled });
    expect(run.ok).toBe(false);
    expect(run.value).toBeUndefined();
    expect(run.text).toBe('{"name": 5}');
    expect(run.outcomes).toHaveLength(2);
    expect(run.error).toEqual({
      kind: 'invalid_output',
      message:
        'The answer does not match the schema, even after one correction:\n/price: is required\n/name: must be string, not integer',
      action: 'Send it again, simplify the schema, or pick a model that supports structured output.',
      retryable: true,
    });
    expect(emu.requests).toHaveLength(2);
    const repair = emu.requests[1]?.body as Body;
    expect(repair.messages.at(-1)?.content).toContain('- (root): The answer is not valid JSON');
  });

  it('makes no repair when the first call fails, and passes its error on', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'status', status: 400, message: 'Invalid schema for response_format' } });
    const { complete } = pipelineComplete();
    const run = await runStructured({ complete, request, compiled });
    expect(run).toMatchObject({ ok: false, text: '', error: { kind: 'bad_request', status: 400 } });
    expect(emu.requests).toHaveLength(1);
  });

  it('says the repair itself failed, keeping the first answer', async () => {
    const emu = emulator();
    emu.script(
      { reply: { text: '{"name": "Tea"}' } },
      { fault: { kind: 'status', status: 400, message: 'Nope' } },
    );
    const { complete } = pipelineComplete();
    const run = await runStructured({ complete, request, compiled });
    expect(run.ok).toBe(false);
    expect(run.text).toBe('{"name": "Tea"}');
    expect(run.error?.kind).toBe('invalid_output');
    expect(run.error?.message).toMatch(
      /^The answer does not match the schema \(\/price: is required\), and asking the model to correct it failed: /,
    );
    expect(run.error?.retryable).toBe(false);
  });

  it('checks and repairs an answer already made (a streamed chat answer)', async () => {
    const emu = emulator();
    emu.script({ reply: { text: '{"price": 1}' } }, { reply: { text: '{"name": "Jam", "price": 1}' } });
    const { pipeline, complete, calls } = pipelineComplete();
    const first = await pipeline.complete({ candidates: [gpt], request });
    const run = await runStructured({ complete, request, compiled, first });
    expect(run).toMatchObject({ ok: true, value: { name: 'Jam', price: 1 } });
    expect(run.outcomes[0]).toBe(first);
    expect(calls.map((c) => c.purpose)).toEqual(['repair']);
  });
});
