/**
 * The catalogue in use, and its refresh at run time (Settings → Models), local-first:
 * - The built-in catalogue ships with the app; a refreshed one, once applied, lives in the data folder
 *   (`catalogue/current.json`), with the one it replaced kept beside it (`previous.json`) to go back to.
 * - A check reads the dataset (fetched in main from the configured address, bounded in size and time, or
 *   imported from a file), validates it, builds the catalogue it would give and says what would change. It
 *   changes nothing; `apply` does, and only with what was checked.
 * - Nothing here touches the ledger: past calls keep the prices they were billed at.
 * - The daily check is off by default; turned on, it checks at most once a day and only tells the user.
 */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CatalogueCheck, CatalogueCheckInput, CatalogueInfo, DatasetSummary } from '@contract/catalogue';
import { readJsonOrQuarantine, writeFileAtomic } from '../../storage/atomic-file';
import type { NoticeList } from '../../storage/notices';
import { builtinCatalogue, parseCatalogueFile, type CatalogueFile, type DatasetInfo } from '../builtin';
import { fetchDataset, type FetchOptions } from '../dataset/fetch';
import { DatasetError, parseGenaiPrices } from '../dataset/genai-prices';
import { buildCatalogue, catalogueFacts, lifecycleOf } from '../generate/build';
import { describeSnapshotName } from '../generate/snapshot-name';
import { catalogueOverrides } from '../generate/overrides';
import { dayOf } from '../lifecycle';
import { diffCatalogues, summarize } from './diff';

export type CatalogueStoreOptions = {
  /** The data folder; files go in `<dir>/catalogue/`. */
  dir: string;
  builtin?: CatalogueFile;
  notices?: NoticeList;
  now?: () => number;
  /** How the dataset is downloaded (tests bound it tighter). */
  fetchOptions?: FetchOptions;
  onError?: (message: string, error: unknown) => void;
};

type State = { appliedAt?: number; lastCheck?: CatalogueInfo['lastCheck'] };

type Pending = { id: string; file: CatalogueFile; at: number };

const DAY_MS = 86_400_000;

function summaryOf(info: DatasetInfo): DatasetSummary {
  const out: DatasetSummary = { name: info.name, date: info.date, source: info.source, sha256: info.sha256 };
  if (info.version) out.version = info.version;
  if (info.commit) out.commit = info.commit;
  return out;
}

export class CatalogueStore {
  private readonly dir: string;
  private readonly builtin: CatalogueFile;
  private readonly now: () => number;
  private current: CatalogueFile | null = null;
  private previous: CatalogueFile | null = null;
  private state: State = {};
  private note: string | undefined;
  private pending: Pending | null = null;
  private checking: Promise<CatalogueCheck> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: CatalogueStoreOptions) {
    this.dir = join(options.dir, 'catalogue');
    this.builtin = options.builtin ?? builtinCatalogue();
    this.now = options.now ?? Date.now;
    this.current = this.load('current.json');
    this.previous = this.load('previous.json');
    const state = readJsonOrQuarantine(join(this.dir, 'state.json'), (value) => value as State, this.now);
    this.state = state.status === 'ok' ? state.value : {};
    if (this.current && this.current.dataset.date < this.builtin.dataset.date) {
      // This version of the app ships a catalogue from a newer dataset than the one refreshed earlier.
      this.note = `This version of Modeldesk ships a catalogue from a newer dataset (${this.builtin.dataset.date}) than the one you had applied (${this.current.dataset.date}), so it is used.`;
      this.previous = this.current;
      this.current = null;
    }
  }

  /** The catalogue file in use. */
  active(): CatalogueFile {
    return this.current ?? this.builtin;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  info(): CatalogueInfo {
    const file = this.active();
    const info: CatalogueInfo = {
      asOf: file.asOf,
      dataset: summaryOf(file.dataset),
      origin: this.current ? 'refreshed' : 'builtin',
      models: file.models.length,
      priced: file.models.filter((m) => m.prices !== null).length,
      previous: this.previous
        ? { asOf: this.previous.asOf, dataset: summaryOf(this.previous.dataset) }
        : null,
      builtin: { asOf: this.builtin.asOf, dataset: summaryOf(this.builtin.dataset) },
    };
    if (this.current && this.state.appliedAt !== undefined) info.appliedAt = this.state.appliedAt;
    if (this.state.lastCheck) info.lastCheck = this.state.lastCheck;
    if (this.note) info.note = this.note;
    return info;
  }

  /**
   * Reads and validates a dataset and says what it would change; nothing changes. One check at a time: a second
   * request while one runs shares its answer.
   */
  check(input: CatalogueCheckInput, url: string): Promise<CatalogueCheck> {
    this.checking ??= this.runCheck(input, url).finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async runCheck(input: CatalogueCheckInput, url: string): Promise<CatalogueCheck> {
    const today = dayOf(this.now());
    try {
      const text =
        input.source === 'url' ? await fetchDataset(url, this.options.fetchOptions) : input.content;
      const dataset = parseGenaiPrices(text);
      const named = input.source === 'file' ? describeSnapshotName(input.name) : {};
      const info: DatasetInfo = {
        name: 'genai-prices',
        date: named.date ?? today,
        source: input.source === 'url' ? url : input.name,
        sha256: createHash('sha256').update(text).digest('hex'),
        license: 'MIT (Pydantic, genai-prices)',
      };
      if (named.version) info.version = named.version;
      const active = this.active();
      const upToDate = info.sha256 === active.dataset.sha256;
      const { file, problems } = buildCatalogue({
        dataset,
        datasetInfo: upToDate ? active.dataset : info,
        overrides: catalogueOverrides(),
        // What the dataset does not carry comes from the catalogue in use, then the one this version shipped.
        facts: [
          catalogueFacts(active, 'the catalogue in use'),
          catalogueFacts(this.builtin, 'the built-in catalogue'),
        ],
        lifecycle: new Map([...lifecycleOf(this.builtin), ...lifecycleOf(active)]),
        factSources: active.factSources,
        asOf: today,
        previous: active,
      });
      const changes = upToDate
        ? { newModels: [], priceChanges: [], windowChanges: [], lifecycleChanges: [] }
        : diffCatalogues(active, file, today);
      const summary = upToDate
        ? 'The catalogue already has this dataset: nothing would change.'
        : summarize(changes);
      this.pending = upToDate ? null : { id: randomUUID(), file, at: this.now() };
      const nothing = upToDate || summary.startsWith('No model');
      this.recordCheck(nothing ? 'up-to-date' : 'changes', summary);
      return {
        checkId: this.pending?.id ?? 'none',
        dataset: summaryOf(info),
        upToDate,
        older: !upToDate && info.date < active.dataset.date,
        summary,
        ...changes,
        problems: problems.slice(0, 200),
      };
    } catch (error) {
      const message =
        error instanceof DatasetError
          ? error.message
          : 'The dataset could not be read as a catalogue. Nothing was changed; check that the address or file is a genai-prices dataset.';
      if (!(error instanceof DatasetError)) this.options.onError?.('The catalogue check failed', error);
      this.recordCheck('failed', message);
      throw new DatasetError(message);
    }
  }

  /** Uses what a check found; the catalogue it replaces is kept to go back to. */
  apply(checkId: string): CatalogueInfo {
    const pending = this.pending;
    if (!pending || pending.id !== checkId) {
      throw new DatasetError('That check is no longer current: check again, then apply what it shows.');
    }
    const replaced = this.active();
    writeFileAtomic(join(this.dir, 'previous.json'), JSON.stringify(replaced));
    writeFileAtomic(join(this.dir, 'current.json'), JSON.stringify(pending.file));
    this.previous = replaced;
    this.current = pending.file;
    this.pending = null;
    this.note = undefined;
    this.saveState({ ...this.state, appliedAt: this.now() });
    this.changed();
    return this.info();
  }

  /** Goes back to the catalogue the last apply replaced (applying again comes back). */
  revert(): CatalogueInfo {
    if (!this.previous) throw new DatasetError('There is no earlier catalogue to go back to.');
    const back = this.previous;
    const replaced = this.active();
    writeFileAtomic(join(this.dir, 'previous.json'), JSON.stringify(replaced));
    writeFileAtomic(join(this.dir, 'current.json'), JSON.stringify(back));
    this.current = back;
    this.previous = replaced;
    this.pending = null;
    this.note = undefined;
    this.saveState({ ...this.state, appliedAt: this.now() });
    this.changed();
    return this.info();
  }

  /**
   * The daily check, when the user turned it on: at most once a day, from the configured address; when it finds
   * changes it tells the user (a notice pointing to Settings → Models) and applies nothing.
   */
  async dailyCheck(settings: { dailyCheck: boolean; updateUrl: string }): Promise<CatalogueCheck | null> {
    if (!settings.dailyCheck) return null;
    const last = this.state.lastCheck?.at;
    if (last !== undefined && this.now() - last < DAY_MS) return null;
    try {
      const result = await this.check({ source: 'url' }, settings.updateUrl);
      if (!result.upToDate && !result.summary.startsWith('No model')) {
        this.options.notices?.add({
          id: 'catalogue-update',
          level: 'info',
          message: `Updated models and prices are available (${result.summary.replace(/\.$/, '')}). Review them in Settings → Models.`,
        });
      }
      return result;
    } catch {
      return null;
    }
  }

  /** A saved catalogue; a damaged one is moved aside (and said so), and the built-in one is used instead. */
  private load(name: string): CatalogueFile | null {
    const read = readJsonOrQuarantine(
      join(this.dir, name),
      (value) => parseCatalogueFile(value, `The catalogue file ${name}`),
      this.now,
    );
    if (read.status === 'ok') return read.value;
    if (read.status === 'corrupt') {
      this.options.notices?.add({
        id: `catalogue-${name}`,
        level: 'warning',
        message: `The saved catalogue ${name} could not be read (${read.reason}) and was moved to ${read.movedTo}; the built-in catalogue is used. Check for updated models and prices in Settings → Models to fetch a new copy.`,
      });
    }
    return null;
  }

  private recordCheck(outcome: NonNullable<CatalogueInfo['lastCheck']>['outcome'], message: string): void {
    this.saveState({ ...this.state, lastCheck: { at: this.now(), outcome, message } });
  }

  private saveState(state: State): void {
    this.state = state;
    try {
      writeFileAtomic(join(this.dir, 'state.json'), JSON.stringify(state));
    } catch (error) {
      this.options.onError?.('The catalogue state could not be saved', error);
    }
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
