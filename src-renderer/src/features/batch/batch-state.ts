/**
 * The batch screen's state: the jobs, the open job with its items (kept current by `batch.progress` events), and
 * the new job being set up: its images (each checked, downscaled and uploaded as soon as it is added, a few at a
 * time), prompt, target, optional JSON schema and concurrency.
 */
import { create } from 'zustand';
import type { BatchItem, BatchJob } from '@contract/batch';
import type { CallInput, EventPayload } from '@contract/bridge';
import type { Attachment } from '@contract/conversations';
import { bridge, describeError } from '../../bridge';
import { navigate } from '../../stores/app';
import { openConversation } from '../../stores/chat';
import { loadConversations } from '../../stores/conversations';
import { showError, showToast } from '../../stores/toasts';
import type { ImageLimits } from '../../lib/images/images';
import { ImageRefusedError, prepareImage, uploadInput } from '../../lib/images/prepare-image';
import { downloadText } from '../../lib/download';
import type { PickedFile } from './dropped-files';
import { mergeItems } from './results';

export type DraftImage = {
  id: string;
  name: string;
  path: string;
  status: 'preparing' | 'ready';
  attachment?: Attachment;
};

export type Draft = {
  title: string;
  prompt: string;
  profileId: string | null;
  model: string | null;
  useSchema: boolean;
  schemaText: string;
  concurrency: number;
  images: DraftImage[];
};

export type JobDetail = { job: BatchJob; items: BatchItem[] };

type BatchState = {
  jobs: BatchJob[];
  jobsLoaded: boolean;
  /** The job shown; null shows the form for a new one. */
  openJobId: string | null;
  detail: JobDetail | null;
  loadError: string | null;
  draft: Draft;
};

const EMPTY_DRAFT: Draft = {
  title: '',
  prompt: '',
  profileId: null,
  model: null,
  useSchema: false,
  schemaText: '',
  concurrency: 4,
  images: [],
};

export const useBatchStore = create<BatchState>(() => ({
  jobs: [],
  jobsLoaded: false,
  openJobId: null,
  detail: null,
  loadError: null,
  draft: EMPTY_DRAFT,
}));

function upsertJob(job: BatchJob): void {
  useBatchStore.setState((s) => {
    const jobs = s.jobs.some((j) => j.id === job.id)
      ? s.jobs.map((j) => (j.id === job.id ? job : j))
      : [job, ...s.jobs];
    const detail = s.detail?.job.id === job.id ? { ...s.detail, job } : s.detail;
    return { jobs, detail };
  });
}

export async function loadJobs(): Promise<void> {
  try {
    const jobs = await bridge.call('batch.list', {});
    useBatchStore.setState({ jobs, jobsLoaded: true, loadError: null });
  } catch (error) {
    useBatchStore.setState({ jobsLoaded: true, loadError: describeError(error) });
  }
}

async function loadDetail(jobId: string): Promise<void> {
  try {
    const detail = await bridge.call('batch.get', { jobId });
    if (useBatchStore.getState().openJobId === jobId) useBatchStore.setState({ detail, loadError: null });
    upsertJob(detail.job);
  } catch (error) {
    useBatchStore.setState({ loadError: describeError(error) });
  }
}

/** Shows a job (its items load), or the form for a new one (null). */
export function openJob(jobId: string | null): void {
  useBatchStore.setState({ openJobId: jobId, detail: null, loadError: null });
  if (jobId) void loadDetail(jobId);
}

export function applyProgress({ job, items }: EventPayload<'batch.progress'>): void {
  useBatchStore.setState((s) => {
    const jobs = s.jobs.some((j) => j.id === job.id)
      ? s.jobs.map((j) => (j.id === job.id ? job : j))
      : [job, ...s.jobs];
    if (s.detail?.job.id !== job.id) return { jobs };
    return { jobs, detail: { job, items: mergeItems(s.detail.items, items) } };
  });
}

/** Keeps the jobs current while the screen is open: progress events, and a reload after a reconnect. */
export function listenToBatches(): () => void {
  const offs = [
    bridge.on('batch.progress', applyProgress),
    bridge.onStatus((status) => {
      if (status.state !== 'open' || !status.reconnected) return;
      void loadJobs();
      const openId = useBatchStore.getState().openJobId;
      if (openId) void loadDetail(openId);
    }),
  ];
  void loadJobs();
  const openId = useBatchStore.getState().openJobId;
  if (openId) void loadDetail(openId);
  return () => offs.forEach((off) => off());
}

// The new job

export function setDraft(patch: Partial<Omit<Draft, 'images'>>): void {
  useBatchStore.setState((s) => ({ draft: { ...s.draft, ...patch } }));
}

function updateImage(id: string, patch: Partial<DraftImage>): void {
  useBatchStore.setState((s) => ({
    draft: { ...s.draft, images: s.draft.images.map((img) => (img.id === id ? { ...img, ...patch } : img)) },
  }));
}

export function removeImage(id: string): void {
  useBatchStore.setState((s) => ({
    draft: { ...s.draft, images: s.draft.images.filter((i) => i.id !== id) },
  }));
}

export function clearImages(): void {
  useBatchStore.setState((s) => ({ draft: { ...s.draft, images: [] } }));
}

/** Images are prepared and uploaded a few at a time, so a folder of hundreds does not swamp the page. */
const UPLOADS_AT_ONCE = 3;
const uploads: Array<() => Promise<void>> = [];
let uploading = 0;

function pump(): void {
  while (uploading < UPLOADS_AT_ONCE && uploads.length > 0) {
    const task = uploads.shift()!;
    uploading += 1;
    void task().finally(() => {
      uploading -= 1;
      pump();
    });
  }
}

let nextImageId = 1;

/** Adds images to the new job: each is checked, downscaled to `limits` and uploaded; refusals are reported. */
export function addImages(files: readonly PickedFile[], limits: ImageLimits): void {
  const added: DraftImage[] = files.map(({ file, path }) => ({
    id: `batch-img-${nextImageId++}`,
    name: file.name,
    path,
    status: 'preparing',
  }));
  useBatchStore.setState((s) => ({ draft: { ...s.draft, images: [...s.draft.images, ...added] } }));
  const refused: string[] = [];
  let left = files.length;
  const settled = () => {
    left -= 1;
    if (left === 0 && refused.length > 0) {
      showError(
        refused.length === 1
          ? (refused[0] as string)
          : `${refused.length} images were left out: ${refused.slice(0, 3).join(' ')}${refused.length > 3 ? ' …' : ''}`,
      );
    }
  };
  files.forEach(({ file }, i) => {
    const image = added[i]!;
    uploads.push(async () => {
      if (!useBatchStore.getState().draft.images.some((img) => img.id === image.id)) return settled();
      try {
        const prepared = await prepareImage(file, limits);
        const attachment = await bridge.call('attachments.add', await uploadInput(file, prepared));
        updateImage(image.id, { status: 'ready', attachment });
      } catch (error) {
        refused.push(
          error instanceof ImageRefusedError
            ? error.message
            : `“${file.name}” was not added: ${describeError(error)}`,
        );
        removeImage(image.id);
      }
      settled();
    });
  });
  pump();
}

/** Creates the job from the form and starts it; the screen then shows it. */
export async function startBatch(input: CallInput<'batch.create'>): Promise<boolean> {
  try {
    const created = await bridge.call('batch.create', input);
    upsertJob(created);
    const started = await bridge.call('batch.start', { jobId: created.id });
    upsertJob(started);
    useBatchStore.setState({ draft: EMPTY_DRAFT });
    openJob(created.id);
    return true;
  } catch (error) {
    showError(`The batch could not start: ${describeError(error)}`);
    return false;
  }
}

export type JobAction = 'batch.start' | 'batch.pause' | 'batch.cancel' | 'batch.retryFailed';

const ACTION_WORDS: Record<JobAction, string> = {
  'batch.start': 'resumed',
  'batch.pause': 'paused',
  'batch.cancel': 'cancelled',
  'batch.retryFailed': 'retried',
};

export async function runJobAction(action: JobAction, jobId: string): Promise<void> {
  try {
    upsertJob(await bridge.call(action, { jobId }));
  } catch (error) {
    showError(`The job could not be ${ACTION_WORDS[action]}: ${describeError(error)}`);
  }
}

export async function exportJob(jobId: string, format: 'csv' | 'json'): Promise<void> {
  try {
    const file = await bridge.call('batch.export', { jobId, format });
    downloadText(file.filename, file.mediaType, file.content);
  } catch (error) {
    showError(`The results could not be exported: ${describeError(error)}`);
  }
}

/** Opens one image's question and answer as a new conversation, in the chat. */
export async function openItemAsConversation(jobId: string, itemId: string): Promise<void> {
  try {
    const conversation = await bridge.call('batch.openAsConversation', { jobId, itemId });
    void loadConversations();
    openConversation(conversation);
    navigate('chat');
    showToast({ message: 'Opened as a new conversation.', tone: 'success' });
  } catch (error) {
    showError(`The answer could not be opened: ${describeError(error)}`);
  }
}
