/* global window, document */
/**
 * The long-conversation baseline: a plain, non-virtualized list. Opening a conversation fetches its messages,
 * renders every one of them with marked, and scrolls to the end; closing it empties the list.
 */
import { renderMessage } from '/render.js';

const scroller = document.getElementById('scroller');
const list = document.getElementById('list');

async function open(history) {
  const response = await fetch(`/history/${encodeURIComponent(history)}.json`);
  const messages = await response.json();
  list.innerHTML = messages.map(renderMessage).join('');
  scroller.scrollTop = scroller.scrollHeight;
}

function close() {
  list.innerHTML = '';
}

window.__list = { open, close };
