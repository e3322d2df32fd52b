/** One stored message as plain HTML: the user's text escaped, an answer through marked. */
import { marked } from '/marked.js';

const escapeHtml = (text) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

export function renderMessage(message) {
  return message.role === 'user'
    ? `<article class="msg user"><p>${escapeHtml(message.text)}</p></article>`
    : `<article class="msg assistant">${marked.parse(message.text)}</article>`;
}
