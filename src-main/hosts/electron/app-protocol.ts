/**
 * The app:// protocol: serves the built renderer and stored attachments to the window, with the same strict
 * Content-Security-Policy as the web host. Replaces file:// (checklist 18). Paths cannot escape the renderer folder.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { HostableCore } from '../../core/hostable';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import { APP_ORIGIN } from './security';

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export const RENDERER_CSP = contentSecurityPolicy({ connect: [] });

/** Resolves a request path inside `root`, or null when it would leave it. */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(base, '.' + (decoded === '/' ? '/index.html' : decoded));
  return target === base || target.startsWith(base + sep) ? target : null;
}

export function createAppProtocolHandler(options: { rendererDir: string; core: HostableCore }) {
  const headers = (type: string) => ({
    'content-type': type,
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
  });

  return async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN || request.method !== 'GET')
      return new Response(null, { status: 404 });
    if (url.pathname.startsWith('/attachments/')) {
      const hash = url.pathname.slice('/attachments/'.length);
      const file = /^[a-f0-9]{64}$/.test(hash) ? await options.core.attachmentFile(hash) : null;
      if (!file) return new Response(null, { status: 404 });
      return new Response(await readFile(file.path), { headers: headers(file.mediaType) });
    }
    const path = resolveInside(options.rendererDir, url.pathname);
    if (!path) return new Response(null, { status: 403 });
    try {
      const body = await readFile(path);
      return new Response(body, {
        headers: headers(MEDIA_TYPES[extname(path)] ?? 'application/octet-stream'),
      });
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}
