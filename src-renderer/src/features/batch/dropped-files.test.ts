/** Which dropped or picked files become a batch's images, and how dropped folders are walked. */
import { describe, expect, it } from 'vitest';
import {
  isSystemPath,
  selectImages,
  walkEntries,
  pickedFiles,
  type EntryLike,
  type PickedFile,
} from './dropped-files';

const file = (name: string, type = '') => new File([new Uint8Array([1, 2, 3])], name, { type });

type Tree = { [name: string]: Tree | File };

/** A dropped folder as Chromium hands it over: entries read in pages of `pageSize`, then an empty page. */
function entry(name: string, node: Tree | File, parent = '', pageSize = 2): EntryLike {
  const fullPath = `${parent}/${name}`;
  if (node instanceof File) {
    return {
      isFile: true,
      isDirectory: false,
      name,
      fullPath,
      file: (ok: (f: File) => void) => ok(node),
    } as EntryLike;
  }
  const children = Object.entries(node).map(([child, value]) => entry(child, value, fullPath, pageSize));
  return {
    isFile: false,
    isDirectory: true,
    name,
    fullPath,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (entries: EntryLike[]) => void) => {
          const page = children.slice(at, at + pageSize);
          at += page.length;
          setTimeout(() => ok(page), 0);
        },
      };
    },
  } as EntryLike;
}

const paths = (picked: readonly PickedFile[]) => picked.map((p) => p.path);

describe('walkEntries', () => {
  it('reads every page of every folder, nested, and passes hidden and system folders by', async () => {
    const dropped = entry('products', {
      'photo-1.png': file('photo-1.png', 'image/png'),
      'photo-2.jpg': file('photo-2.jpg', 'image/jpeg'),
      'photo-3.webp': file('photo-3.webp', 'image/webp'),
      'notes.txt': file('notes.txt', 'text/plain'),
      shoes: { 'left.gif': file('left.gif', 'image/gif'), 'right.png': file('right.png', 'image/png') },
      '.thumbnails': { 'cached.png': file('cached.png', 'image/png') },
      __MACOSX: { '._photo-1.png': file('._photo-1.png') },
      '.DS_Store': file('.DS_Store'),
    });
    const found = await walkEntries([dropped, entry('loose.png', file('loose.png', 'image/png'))]);
    expect(paths(found).sort()).toEqual([
      'loose.png',
      'products/notes.txt',
      'products/photo-1.png',
      'products/photo-2.jpg',
      'products/photo-3.webp',
      'products/shoes/left.gif',
      'products/shoes/right.png',
    ]);
  });

  it('walks an empty folder to nothing', async () => {
    expect(await walkEntries([entry('empty', {})])).toEqual([]);
  });
});

describe('selectImages', () => {
  const picked = (names: string[], type = '') =>
    names.map((name) => ({ file: file(name.split('/').pop()!, type), path: name }));

  it('keeps PNG, JPEG, GIF and WebP images in natural path order and counts the rest', () => {
    const chosen = selectImages([
      ...picked(['shop/photo-10.png', 'shop/photo-2.png', 'shop/Photo-1.PNG']),
      { file: file('scan.jpg', 'image/jpeg'), path: 'scan.jpg' },
      { file: file('phone.heic', 'image/heic'), path: 'phone.heic' },
      { file: file('drawing.svg', 'image/svg+xml'), path: 'drawing.svg' },
      ...picked(['readme.md', 'shop/.hidden.png', 'Thumbs.db']),
    ]);
    expect(paths(chosen.files)).toEqual([
      'scan.jpg',
      'shop/Photo-1.PNG',
      'shop/photo-2.png',
      'shop/photo-10.png',
    ]);
    expect(chosen.skipped).toBe(3);
    expect(chosen.overLimit).toBe(0);
  });

  it('trusts a declared type over the name', () => {
    const chosen = selectImages([
      { file: file('really-a-pdf.png', 'application/pdf'), path: 'really-a-pdf.png' },
      { file: file('no-extension', 'image/webp'), path: 'no-extension' },
    ]);
    expect(paths(chosen.files)).toEqual(['no-extension']);
    expect(chosen.skipped).toBe(1);
  });

  it('stops at the limit and says how many were left out', () => {
    const chosen = selectImages(picked(['a.png', 'b.png', 'c.png', 'd.png']), 3);
    expect(paths(chosen.files)).toEqual(['a.png', 'b.png', 'c.png']);
    expect(chosen.overLimit).toBe(1);
  });
});

describe('isSystemPath and pickedFiles', () => {
  it('recognises hidden, resource-fork and thumbnail-cache paths', () => {
    expect(
      ['.git/x.png', 'a/._b.png', '__MACOSX/a.png', 'a/Thumbs.db', 'desktop.ini'].map(isSystemPath),
    ).toEqual([true, true, true, true, true]);
    expect(isSystemPath('holiday.2024/beach.png')).toBe(false);
  });

  it('takes a folder picker’s relative paths', () => {
    const inFolder = file('a.png', 'image/png');
    Object.defineProperty(inFolder, 'webkitRelativePath', { value: 'trip/day 1/a.png' });
    expect(paths(pickedFiles([inFolder, file('b.png', 'image/png')]))).toEqual(['trip/day 1/a.png', 'b.png']);
  });
});
