/**
 * DOMPurify with an allow-list: only the elements and attributes our Markdown renderer produces survive; URLs only
 * http(s) and mailto. A second line of defence behind render-html.ts, which already escapes raw HTML.
 */
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
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
const ALLOWED_ATTR = [
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

let configured = false;

function configure(): void {
  if (configured) return;
  configured = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') node.setAttribute('rel', 'noopener noreferrer');
    if (node.tagName === 'INPUT') {
      node.setAttribute('type', 'checkbox');
      node.setAttribute('disabled', '');
    }
    if (node.tagName === 'BUTTON') node.setAttribute('type', 'button');
  });
}

export function sanitizeHtml(html: string): string {
  configure();
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    // DOMPurify drops data-* and aria-* attributes unless these are on, even when ALLOWED_ATTR names them. They
    // carry no script; and the Markdown renderer escapes any HTML from the model before this runs.
    ALLOW_DATA_ATTR: true,
    ALLOW_ARIA_ATTR: true,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
    // With a custom URI pattern, DOMPurify checks every attribute outside its "URI-safe" list against it: without
    // these, table alignment, list starts and the like would be dropped.
    ADD_URI_SAFE_ATTR: ['align', 'start', 'type', 'rel'],
    RETURN_TRUSTED_TYPE: false,
  });
}
