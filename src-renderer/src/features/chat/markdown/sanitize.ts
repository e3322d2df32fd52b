/**
 * Puts the Markdown renderer's HTML into the page, sanitized: a second line of defence behind render-html.ts, which
 * already escapes raw HTML from the model. Only the elements and attributes our renderer produces survive, links
 * keep only http(s) and mailto targets, and form controls stay inert.
 *
 * The browser's own sanitizer does it where it exists (`Element.setHTML`, the HTML Sanitizer API: Chromium, so
 * Electron, and Firefox): it parses and sanitizes in one native pass straight into the element, with no second
 * document, no walk in script and no string to parse again. That was about a tenth of the main thread's work while
 * an answer streamed fast (issue 16, BENCHMARKS.md §9). Elsewhere DOMPurify does it, with the same allow-list.
 * Either way the same last rules run on the result (`enforceRules`), so both paths give the same DOM.
 */
import DOMPurify from 'dompurify';
import { safeHref } from './links';

const ALLOWED_ELEMENTS = [
  'a',
  'blockquote',
  'br',
  'button',
  'code',
  'del',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'input',
  'li',
  'ol',
  'p',
  'pre',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
const ALLOWED_ATTRIBUTES = [
  'align',
  'aria-label',
  'checked',
  'class',
  'data-copy',
  'data-math',
  'disabled',
  'href',
  'rel',
  'start',
  'title',
  'type',
];

type NativeSanitizer = object;
type SetHtml = (this: Element, html: string, options: { sanitizer: NativeSanitizer }) => void;

function nativeSanitizer(): { setHTML: SetHtml; sanitizer: NativeSanitizer } | null {
  const setHTML = (globalThis.Element?.prototype as { setHTML?: SetHtml } | undefined)?.setHTML;
  const Sanitizer = (globalThis as { Sanitizer?: new (config: object) => NativeSanitizer }).Sanitizer;
  if (typeof setHTML !== 'function' || typeof Sanitizer !== 'function') return null;
  try {
    const sanitizer = new Sanitizer({
      elements: ALLOWED_ELEMENTS,
      attributes: ALLOWED_ATTRIBUTES,
      comments: false,
      dataAttributes: false,
    });
    return { setHTML, sanitizer };
  } catch {
    // A browser with an older shape of the API: DOMPurify instead.
    return null;
  }
}

let native: ReturnType<typeof nativeSanitizer> | undefined;

/** Which sanitizer this page uses: the browser's own, or DOMPurify. */
export function sanitizerKind(): 'native' | 'dompurify' {
  native ??= nativeSanitizer();
  return native ? 'native' : 'dompurify';
}

function purified(html: string): string {
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS: [...ALLOWED_ELEMENTS, '#text'],
    ALLOWED_ATTR: ALLOWED_ATTRIBUTES,
    // Only the data-* and aria-* attributes ALLOWED_ATTR names.
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    // An element outside the allow-list goes with its content, as with the browser's sanitizer.
    KEEP_CONTENT: false,
    RETURN_TRUSTED_TYPE: false,
  });
}

/** The rules both sanitizers leave to us: link schemes, links that cannot reach the opener, inert controls. */
function enforceRules(root: Element): void {
  for (const element of root.querySelectorAll('a, input, button')) {
    if (element.tagName === 'A') {
      if (element.hasAttribute('href') && !safeHref(element.getAttribute('href')))
        element.removeAttribute('href');
      element.setAttribute('rel', 'noopener noreferrer');
    } else if (element.tagName === 'INPUT') {
      element.setAttribute('type', 'checkbox');
      element.setAttribute('disabled', '');
    } else {
      element.setAttribute('type', 'button');
    }
  }
}

/** Replaces `element`'s content with `html`, sanitized. */
export function setSanitizedHtml(element: Element, html: string): void {
  native ??= nativeSanitizer();
  if (native) native.setHTML.call(element, html, { sanitizer: native.sanitizer });
  else element.innerHTML = purified(html);
  enforceRules(element);
}
