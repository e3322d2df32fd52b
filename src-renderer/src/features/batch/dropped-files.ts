/**
 * Which files a drop or a pick brings into a batch: dropped folders are walked (the browser's FileSystemEntry
 * tree, read in the pages Chromium hands out), files that cannot be images for a batch are left out and counted
 * (hidden files, macOS resource forks, thumbnail caches, other formats), and what remains is ordered by path the
 * way a file manager orders it (photo-2 before photo-10).
 */
import { ACCEPTED_TYPES } from '../../lib/images/images';
import { MAX_BATCH_IMAGES } from '@contract/limits';

/** The most images one batch takes (the bridge's limit). */

/** What a drop hands over, reduced to what the walk uses (FileSystemFileEntry and FileSystemDirectoryEntry). */
export type EntryLike = { isFile: boolean; isDirectory: boolean; name: string; fullPath: string };
type FileEntryLike = EntryLike & {
  file(success: (file: File) => void, failure?: (error: unknown) => void): void;
};
type DirectoryEntryLike = EntryLike & {
  createReader(): {
    readEntries(success: (entries: EntryLike[]) => void, failure?: (error: unknown) => void): void;
  };
};

export type PickedFile = { file: File; path: string };

export type Collected = {
  files: PickedFile[];
  /** Files left out because they are not PNG, JPEG, GIF or WebP images (hidden and system files are not counted). */
  skipped: number;
  /** Files left out past the batch limit. */
  overLimit: number;
};

const IMAGE_NAME = /\.(png|jpe?g|gif|webp)$/i;
const SYSTEM_NAMES = new Set(['thumbs.db', 'desktop.ini', '.ds_store']);

/** Hidden files and folders, macOS's `__MACOSX` resource forks and `._` companions, thumbnail caches. */
export function isSystemPath(path: string): boolean {
  return path
    .split('/')
    .filter(Boolean)
    .some((part) => part.startsWith('.') || part === '__MACOSX' || SYSTEM_NAMES.has(part.toLowerCase()));
}

/** Whether a file may be an image a batch can send: by its declared type, or by its name when it has none. */
export function isBatchImage(file: { name: string; type: string }): boolean {
  if (file.type) return (ACCEPTED_TYPES as readonly string[]).includes(file.type);
  return IMAGE_NAME.test(file.name);
}

const byPath = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Keeps the batch's images in path order and counts what was left out. */
export function selectImages(picked: readonly PickedFile[], limit = MAX_BATCH_IMAGES): Collected {
  const visible = picked.filter((p) => !isSystemPath(p.path));
  const images = visible.filter((p) => isBatchImage(p.file));
  images.sort((a, b) => byPath.compare(a.path, b.path));
  return {
    files: images.slice(0, limit),
    skipped: visible.length - images.length,
    overLimit: Math.max(0, images.length - limit),
  };
}

function isFileEntry(entry: EntryLike): entry is FileEntryLike {
  return entry.isFile && typeof (entry as FileEntryLike).file === 'function';
}

function isDirectoryEntry(entry: EntryLike): entry is DirectoryEntryLike {
  return entry.isDirectory && typeof (entry as DirectoryEntryLike).createReader === 'function';
}

function fileOf(entry: FileEntryLike): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every entry of a folder: a reader hands them out a page at a time until it returns an empty page. */
async function childrenOf(entry: DirectoryEntryLike): Promise<EntryLike[]> {
  const reader = entry.createReader();
  const all: EntryLike[] = [];
  for (;;) {
    const page = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (page.length === 0) return all;
    all.push(...page);
  }
}

/** Walks dropped files and folders and returns every file with its path; hidden and system ones are passed by. */
export async function walkEntries(entries: readonly EntryLike[]): Promise<PickedFile[]> {
  const found: PickedFile[] = [];
  const visit = async (entry: EntryLike): Promise<void> => {
    const path = entry.fullPath.replace(/^\//, '') || entry.name;
    if (isSystemPath(path)) return;
    if (isDirectoryEntry(entry)) {
      for (const child of await childrenOf(entry)) await visit(child);
    } else if (isFileEntry(entry)) {
      found.push({ file: await fileOf(entry), path });
    }
  };
  for (const entry of entries) await visit(entry);
  return found;
}

/**
 * The entries of a drop. They must be taken while the drop event is being handled (the browser empties the
 * transfer afterwards); a browser without entries gives its plain file list instead.
 */
export function entriesOfDrop(transfer: DataTransfer): { entries: EntryLike[]; files: PickedFile[] } {
  const entries: EntryLike[] = [];
  for (const item of [...transfer.items]) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
  }
  if (entries.length > 0) return { entries, files: [] };
  return { entries, files: [...transfer.files].map((file) => ({ file, path: file.name })) };
}

/** Files from a file picker: a folder picker gives each its path inside the folder. */
export function pickedFiles(list: FileList | readonly File[]): PickedFile[] {
  return [...list].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}
