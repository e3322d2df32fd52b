/**
 * The renderer's Content-Security-Policy, the same under both hosts: only our own scripts and styles, no eval,
 * no inline script, no plugins, no frames, no forms, images from ourselves (attachments), data: and blob: (previews).
 * `connect` names what the page may talk to: nothing in Electron (IPC needs no network), the bridge's WebSocket on the web host.
 */
export function contentSecurityPolicy(options: { connect: string[] }): string {
  const connect = options.connect.length > 0 ? options.connect.join(' ') : "'none'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
