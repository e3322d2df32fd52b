/** Starts the browser's download of `url` as `filename` (Electron shows its save dialog for page downloads). */
export function downloadLink(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}
