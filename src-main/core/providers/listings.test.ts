/**
 * Model listings: what the adapters read from a provider's `/v1/models` through the official SDKs over HTTP
 * (Anthropic's window, maximum output, capabilities and lifecycle; OpenAI's shutdown date), and that the
 * emulator's listings are what the providers' own OpenAPI specs in ../shared/specs describe (checked with ajv
 * against the spec's response schemas).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createAdapter } from './registry';
import { KEYS, useEmulator } from './test-helpers';

const emulator = useEmulator();

describe('listing models', () => {
  it('reads Anthropic’s window, maximum output, capabilities and lifecycle; retired models only when asked', async () => {
    const emu = emulator();
    const adapter = createAdapter(
      { id: 'anthropic', kind: 'anthropic', baseURL: emu.baseURLs.anthropic, apiKey: KEYS.anthropic },
      {},
    );
    const models = await adapter.listModels();
    const ids = models.map((m) => m.id);
    expect(ids).toContain('claude-sonnet-5-5');
    expect(ids).not.toContain('claude-sonnet-4-5-20250929'); // retired: the API lists it only on request
    expect(models.find((m) => m.id === 'claude-sonnet-5-5')).toMatchObject({
      displayName: 'Claude Sonnet 5.5',
      contextWindow: 1_000_000,
      maxOutputTokens: 96_000,
      capabilities: { vision: true, structuredOutput: true, reasoning: true },
      lifecycle: 'active',
    });
    expect(models.find((m) => m.id === 'claude-opus-4-5-20251101')).toMatchObject({
      lifecycle: 'deprecated',
      retiresOn: '2027-01-22',
      deprecatedOn: '2026-11-23',
    });
    // What the SDK sent: the key as a bearer token and the API version it speaks.
    const request = emu.requests.find((r) => r.path.endsWith('/v1/models'));
    expect(request?.headers['anthropic-version']).toBe('2026-10-21');
    expect(request?.headers.authorization).toMatch(/^Bearer /);
  });

  it('reads OpenAI’s announced shutdown dates', async () => {
    const emu = emulator();
    const adapter = createAdapter(
      { id: 'openai', kind: 'openai', baseURL: emu.baseURLs.openai, apiKey: KEYS.openai },
      {},
    );
    const models = await adapter.listModels();
    expect(models.find((m) => m.id === 'gpt-5')?.retiresOn).toBe('2026-12-11');
    expect(models.find((m) => m.id === 'gpt-6-sol')?.retiresOn).toBeUndefined();
  });
});

const SPECS = resolve(import.meta.dirname, '../../../../shared/specs');
const present =
  existsSync(resolve(SPECS, 'anthropic.openapi.json')) && existsSync(resolve(SPECS, 'openai.openapi.yaml'));
if (!present) console.warn(`Skipping the listing spec checks: the specs in ${SPECS} are absent.`);

/**
 * The named schemas of the OpenAI spec's `components.schemas`, cut out of its 3 MB of YAML by indentation and
 * parsed alone (parsing the whole file takes seconds).
 */
function openAISchemas(names: string[]): Record<string, unknown> {
  const lines = readFileSync(resolve(SPECS, 'openai.openapi.yaml'), 'utf8').split('\n');
  const schemas: Record<string, unknown> = {};
  for (const name of names) {
    const start = lines.indexOf(`    ${name}:`);
    if (start < 0) throw new Error(`The OpenAI spec has no schema ${name}.`);
    let end = start + 1;
    while (end < lines.length && !/^ {0,4}\S/.test(lines[end]!)) end++;
    Object.assign(
      schemas,
      parseYaml(
        lines
          .slice(start, end)
          .map((l) => l.slice(4))
          .join('\n'),
      ),
    );
  }
  return { components: { schemas } };
}

/** A validator for one response schema of an OpenAPI 3.1 document. */
function validatorFor(spec: Record<string, unknown>, schema: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addSchema({ ...spec, $id: 'spec' } as object);
  return ajv.compile({ $ref: `spec#/components/schemas/${schema}` });
}

describe.skipIf(!present)('the emulator’s listings conform to the providers’ specs', () => {
  it('Anthropic: ListResponse[ModelInfo], with every model, retired ones included', async () => {
    const spec = JSON.parse(readFileSync(resolve(SPECS, 'anthropic.openapi.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const validate = validatorFor(spec, 'ListResponse_ModelInfo_');
    const emu = emulator();
    for (const query of ['', '?lifecycle[]=active&lifecycle[]=deprecated&lifecycle[]=retired']) {
      const response = await fetch(`${emu.baseURLs.anthropic}/v1/models${query}`, {
        headers: { authorization: `Bearer ${KEYS.anthropic}`, 'anthropic-version': '2026-10-21' },
      });
      const body = (await response.json()) as { data: unknown[] };
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
      expect(body.data.length).toBeGreaterThan(0);
    }
    // The check can fail: a model without its limits is refused.
    expect(
      validate({ data: [{ type: 'model', id: 'x' }], has_more: false, first_id: null, last_id: null }),
    ).toBe(false);
  });

  it('OpenAI: ListModelsResponse with shutdown_date', async () => {
    const validate = validatorFor(openAISchemas(['ListModelsResponse', 'Model']), 'ListModelsResponse');
    const emu = emulator();
    const response = await fetch(`${emu.baseURLs.openai}/models`, {
      headers: { authorization: `Bearer ${KEYS.openai}` },
    });
    const body = (await response.json()) as { data: Array<{ shutdown_date?: unknown }> };
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(body.data.every((m) => 'shutdown_date' in m)).toBe(true);
    expect(
      validate({
        object: 'list',
        data: [{ id: 'x', object: 'model', created: 1, owned_by: 'o', shutdown_date: 5 }],
      }),
    ).toBe(false);
  });
});
