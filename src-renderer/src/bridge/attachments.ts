/**
 * Where the page loads a stored attachment from: the web host serves `/attachments/<hash>?secret=…` (same origin);
 * Electron serves `app://modeldesk/attachments/<hash>` through its protocol handler.
 */
export function buildAttachmentUrl(
  hash: string,
  host: { kind: 'electron' } | { kind: 'web'; secret: string },
): string {
  if (!/^[a-f0-9]{64}$/.test(hash)) throw new Error(`"${hash}" is not an attachment hash.`);
  if (host.kind === 'electron') return `app://modeldesk/attachments/${hash}`;
  return `/attachments/${hash}?secret=${encodeURIComponent(host.secret)}`;
}
