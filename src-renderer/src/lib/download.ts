import { downloadLink } from './download-link';

/** Saves text as a file through the browser's download (Electron shows its save dialog). */
export function downloadText(filename: string, mediaType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mediaType};charset=utf-8` }));
  downloadLink(url, filename);
  // The download has started from the object URL; it can go once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
