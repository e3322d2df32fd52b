/**
 * Which link targets Markdown may keep, for the renderer that makes the links (render-html.ts) and the sanitizer
 * that checks them again on their way into the page (sanitize.ts): absolute http(s) and mailto URLs only.
 */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The link target if it is an absolute http(s) or mailto URL (as the URL parser reads it), null otherwise. */
export function safeHref(href: string | null | undefined): string | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}
