/**
 * Markdown to HTML for one block, with model output treated as untrusted:
 * - raw HTML is shown as text, never parsed;
 * - links keep only absolute http(s) and mailto targets (anything else renders as plain text); the click is
 *   handled by the view, which asks main to open it outside;
 * - images are never loaded: they become a labelled link to open outside;
 * - code blocks are highlighted and framed with their language and a copy button.
 * The result still goes through the sanitizer (sanitize.ts) on its way into the page.
 */
import { Marked, Renderer, type Token, type Tokens } from 'marked';
import { escapeHtml } from './escape';
import { safeHref } from './links';
import { highlightCode, resolveLanguage } from './highlight';
import { mathExtension } from './math-extension';

function codeFrame(bodyHtml: string, info: string | undefined, open: boolean): string {
  const language = (info ?? '').trim().split(/\s+/)[0] ?? '';
  const lang = resolveLanguage(language);
  const label = language
    ? `<span class="md-code-lang">${escapeHtml(language)}</span>`
    : '<span class="md-code-lang"></span>';
  const copy = open
    ? ''
    : '<button type="button" class="md-code-copy" data-copy="code" aria-label="Copy code">Copy</button>';
  const codeClass = lang ? `hljs language-${lang}` : 'hljs';
  return (
    `<div class="md-code${open ? ' md-code-open' : ''}"><div class="md-code-bar">${label}${copy}</div>` +
    `<pre><code class="${codeClass}">${bodyHtml}</code></pre></div>`
  );
}

/** A fenced code block whose closing fence has not arrived yet: plain text, no highlighting. */
export function renderOpenCodeHtml(text: string, info: string | undefined): string {
  return codeFrame(escapeHtml(text), info, true);
}

const defaults = new Renderer();

const renderer = {
  html({ text, block }: Tokens.HTML | Tokens.Tag): string {
    return block ? `<p class="md-raw-html">${escapeHtml(text)}</p>` : escapeHtml(text);
  },
  link(this: Renderer, { href, title, tokens }: Tokens.Link): string {
    const inner = this.parser.parseInline(tokens);
    const target = safeHref(href);
    if (!target) return `<span class="md-link-blocked">${inner}</span>`;
    const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
    return `<a href="${escapeHtml(target)}"${titleAttr} class="md-link" rel="noopener noreferrer">${inner}</a>`;
  },
  image({ href, text }: Tokens.Image): string {
    const label = `Image: ${escapeHtml(text || 'untitled')}`;
    const target = safeHref(href);
    if (!target) return `<span class="md-image">${label}</span>`;
    return `<a href="${escapeHtml(target)}" class="md-link md-image" rel="noopener noreferrer">${label}</a>`;
  },
  code({ text, lang }: Tokens.Code): string {
    return codeFrame(highlightCode(text, lang), lang, false);
  },
  checkbox({ checked }: Tokens.Checkbox): string {
    return `<input type="checkbox" disabled${checked ? ' checked aria-label="Done"' : ' aria-label="To do"'}> `;
  },
  table(this: Renderer, token: Tokens.Table): string {
    return `<div class="md-table-wrap">${defaults.table.call(this, token)}</div>`;
  },
};

const markdown = new Marked({ gfm: true, breaks: false, async: false }, mathExtension, { renderer });

/** Splits Markdown into block tokens (no HTML produced). */
export function lexBlocks(source: string): Token[] {
  return markdown.lexer(source);
}

/** Does this token (or any inside it) hold math? Decides whether KaTeX is loaded for the block. */
export function tokenHasMath(token: Token): boolean {
  let found = false;
  markdown.walkTokens([token], (t) => {
    if (t.type === 'math' || t.type === 'mathBlock') found = true;
  });
  return found;
}

/** The HTML of one block token (before sanitizing). */
export function renderBlockHtml(token: Token): string {
  return markdown.parser([token]);
}
