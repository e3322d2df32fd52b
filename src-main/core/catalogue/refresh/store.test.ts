/**
 * The catalogue refresh against a local HTTP server serving the dated snapshots of ../shared/reference: a check
 * says what would change and changes nothing; apply uses it and keeps the previous catalogue to go back to; bad
 * datasets (wrong types, negative prices, absurd sizes, broken JSON, too large, too slow) are refused with
 * nothing changed; the daily check is off unless turned on, and then runs at most once a day.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NoticeList } from '../../storage/notices';
import { builtinCatalogue, type CatalogueFile } from '../builtin';
import { Catalogue } from '../catalogue';
import { parseGenaiPrices } from '../dataset/genai-prices';
import { buildCatalogue, catalogueFacts, lifecycleOf } from '../generate/build';
import { catalogueOverrides } from '../generate/overrides';
import { CatalogueStore } from './store';
import {
  datasetWithChanges,
  hasSnapshots,
  readSnapshot,
  SNAPSHOT_0_1_8,
  SNAPSHOT_2026_08_21,
  startDatasetServer,
  type DatasetServer,
} from './testing/dataset-server';

const TODAY = Date.parse('2026-12-07T12:00:00Z');
if (!hasSnapshots()) console.warn('Skipping the catalogue refresh tests: ../shared/reference is absent.');

let server: DatasetServer;
let dir: string;

beforeEach(async () => {
  server = await startDatasetServer();
  dir = mkdtempSync(join(tmpdir(), 'modeldesk-refresh-'));
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The catalogue as the 2026-08-21 snapshot would have given it: without what 0.1.8 added. */
function olderCatalogue(): CatalogueFile {
  const shipped = builtinCatalogue();
  const dataset = parseGenaiPrices(readSnapshot(SNAPSHOT_2026_08_21));
  const { file } = buildCatalogue({
    dataset,
    datasetInfo: { ...shipped.dataset, version: undefined, date: '2026-08-21', sha256: '0'.repeat(64) },
    overrides: catalogueOverrides(),
    facts: [catalogueFacts(shipped, 'shipped')],
    lifecycle: lifecycleOf(shipped),
    factSources: shipped.factSources,
    asOf: '2026-12-07',
  });
  return file;
}

function store(builtin: CatalogueFile = builtinCatalogue(), notices?: NoticeList) {
  return new CatalogueStore({
    dir,
    builtin,
    now: () => TODAY,
    fetchOptions: { timeoutMs: 1_000, maxBytes: 4 * 1024 * 1024 },
    ...(notices ? { notices } : {}),
  });
}

function files(): string[] {
  const folder = join(dir, 'catalogue');
  return existsSync(folder) ? readdirSync(folder).filter((f) => f !== 'state.json') : [];
}

describe.skipIf(!hasSnapshots())('checking for updated models and prices', () => {
  it('shows what a newer snapshot would change, changes nothing, then applies it and can go back', async () => {
    const older = olderCatalogue();
    expect(older.models.some((m) => m.model === 'gpt-6-sol')).toBe(false);
    const catalogue = store(older);
    const url = server.url(`/reference/${SNAPSHOT_0_1_8}`);
    const check = await catalogue.check({ source: 'url' }, url);

    expect(server.requests).toEqual([`/reference/${SNAPSHOT_0_1_8}`]);
    expect(check.upToDate).toBe(false);
    expect(check.older).toBe(false);
    const added = check.newModels.map((m) => m.id);
    for (const id of [
      'openai:gpt-6-sol',
      'openai:gpt-6-astra',
      'anthropic:claude-opus-5-5',
      'gemini:gemini-3.8-flash',
    ]) {
      expect(added).toContain(id);
    }
    expect(check.newModels.find((m) => m.id === 'openai:gpt-6-sol')?.prices).toMatchObject({
      inputPerM: 2,
      outputPerM: 10,
    });
    expect(check.summary).toMatch(/new models/);
    // Nothing changed yet.
    expect(catalogue.active()).toBe(older);
    expect(files()).toEqual([]);

    const applied = catalogue.apply(check.checkId);
    expect(applied).toMatchObject({ origin: 'refreshed', previous: { dataset: { date: '2026-08-21' } } });
    expect(files().sort()).toEqual(['current.json', 'previous.json']);
    const refreshed = new Catalogue({ today: '2026-12-07' }, catalogue.active());
    expect(refreshed.get('openai:gpt-6-sol').prices).toMatchObject({ inputPerM: 2, outputPerM: 10 });

    // Survives a restart, and goes back.
    const reopened = store(older);
    expect(reopened.active().dataset.date).toBe(new Date(TODAY).toISOString().slice(0, 10));
    const back = reopened.revert();
    expect(back.dataset.date).toBe('2026-08-21');
    expect(reopened.active().models.some((m) => m.model === 'gpt-6-sol')).toBe(false);
    expect(() => reopened.apply(check.checkId)).toThrow(/no longer current/);
  });

  it('says a dataset is already in use, and when an imported file is older than the catalogue’s', async () => {
    const catalogue = store();
    const same = await catalogue.check(
      { source: 'file', name: SNAPSHOT_0_1_8, content: readSnapshot(SNAPSHOT_0_1_8) },
      'unused',
    );
    expect(same).toMatchObject({ upToDate: true, newModels: [], priceChanges: [] });
    const older = await catalogue.check(
      { source: 'file', name: SNAPSHOT_2026_08_21, content: readSnapshot(SNAPSHOT_2026_08_21) },
      'unused',
    );
    expect(older.older).toBe(true);
    expect(older.dataset.date).toBe('2026-08-21');
    expect(server.requests).toEqual([]); // an import works offline
  });

  it('lists new models, price changes and lifecycle changes from a later dataset', async () => {
    server.serve('/data.json', datasetWithChanges());
    const check = await store().check({ source: 'url' }, server.url('/data.json'));
    expect(check.newModels).toEqual([
      expect.objectContaining({ id: 'openai:gpt-7-test', prices: expect.objectContaining({ inputPerM: 3 }) }),
    ]);
    const luna = check.priceChanges.find((c) => c.id === 'openai:gpt-6-luna');
    expect(luna?.before).toMatchObject({ inputPerM: 0.1 });
    expect(luna?.after).toMatchObject({ inputPerM: 0.08, batchInputPerM: 0.04 });
    // The OpenRouter copy keeps its own price: it is another provider's entry.
    expect(check.priceChanges.some((c) => c.id === 'openrouter:openai/gpt-6-luna')).toBe(false);
  });

  it('refuses bad datasets with nothing changed, saying why', async () => {
    const catalogue = store();
    const cases: Array<[string, string, RegExp]> = [
      ['/not-json', '{"providers": ', /not JSON/],
      [
        '/wrong-types',
        JSON.stringify([{ id: 'openai', models: [{ id: 'x', prices: { input_mtok: 'cheap' } }] }]),
        /not a valid genai-prices dataset: openai › models › x › prices/,
      ],
      [
        '/negative',
        JSON.stringify([{ id: 'openai', models: [{ id: 'x', prices: { input_mtok: -1, output_mtok: 1 } }] }]),
        /not a valid/,
      ],
      [
        '/absurd-price',
        JSON.stringify([
          { id: 'openai', models: [{ id: 'x', prices: { input_mtok: 1e12, output_mtok: 1 } }] },
        ]),
        /not a valid/,
      ],
      [
        '/absurd-window',
        JSON.stringify([{ id: 'openai', models: [{ id: 'x', context_window: 5e9, prices: {} }] }]),
        /not a valid/,
      ],
      ['/empty', '[]', /not a valid/],
      [
        '/duplicate',
        JSON.stringify([
          {
            id: 'openai',
            models: [
              { id: 'x', prices: {} },
              { id: 'x', prices: {} },
            ],
          },
        ]),
        /twice/,
      ],
    ];
    for (const [path, body, message] of cases) {
      server.serve(path, body);
      await expect(catalogue.check({ source: 'url' }, server.url(path)), path).rejects.toThrow(message);
    }
    server.serve('/too-large', `[${' '.repeat(5 * 1024 * 1024)}]`);
    await expect(catalogue.check({ source: 'url' }, server.url('/too-large'))).rejects.toThrow(
      /larger than a price dataset/,
    );
    await expect(catalogue.check({ source: 'url' }, server.url('/hang'))).rejects.toThrow(/within 1 s/);
    server.serve('/gone', 'no', 503);
    await expect(catalogue.check({ source: 'url' }, server.url('/gone'))).rejects.toThrow(/answered 503/);
    await expect(catalogue.check({ source: 'url' }, 'file:///etc/passwd')).rejects.toThrow(
      /Only http and https/,
    );
    await expect(catalogue.check({ source: 'url' }, 'http://127.0.0.1:1/x')).rejects.toThrow(
      /Could not reach/,
    );
    expect(catalogue.active()).toBe(builtinCatalogue());
    expect(files()).toEqual([]);
    expect(catalogue.info().lastCheck).toMatchObject({ outcome: 'failed' });
  });

  it('checks daily only when turned on, at most once a day, and only tells', async () => {
    server.serve('/data.json', datasetWithChanges());
    const notices = new NoticeList(() => TODAY);
    const catalogue = store(builtinCatalogue(), notices);
    const settings = { updateUrl: server.url('/data.json'), dailyCheck: false };
    expect(await catalogue.dailyCheck(settings)).toBeNull();
    expect(server.requests).toEqual([]);
    const first = await catalogue.dailyCheck({ ...settings, dailyCheck: true });
    expect(first?.newModels).toHaveLength(1);
    expect(notices.list()).toEqual([
      expect.objectContaining({
        id: 'catalogue-update',
        message: expect.stringMatching(/Settings → Models/),
      }),
    ]);
    expect(catalogue.active()).toBe(builtinCatalogue()); // nothing applied
    expect(await catalogue.dailyCheck({ ...settings, dailyCheck: true })).toBeNull();
    expect(server.requests).toHaveLength(1);
  });

  it('moves a damaged saved catalogue aside and uses the built-in one, saying so', async () => {
    server.serve('/data.json', datasetWithChanges());
    const first = store();
    first.apply((await first.check({ source: 'url' }, server.url('/data.json'))).checkId);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'catalogue', 'current.json'), '{"broken": true}');
    const notices = new NoticeList(() => TODAY);
    const reopened = store(builtinCatalogue(), notices);
    expect(reopened.active()).toBe(builtinCatalogue());
    expect(notices.list()[0]?.message).toMatch(/could not be read .* moved to .*current\.json\.corrupt-/);
  });
});
