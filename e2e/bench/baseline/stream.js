/* global window, document, requestAnimationFrame */
/**
 * The streaming baseline: what a chat page does when it re-renders the whole answer on every update. Each chunk
 * of the provider's stream (the emulator's, through the bench server) is appended to the text and the whole text
 * is parsed again with marked and put into the page. It follows the end at most once per frame (a kindness: the
 * many pages that read scrollHeight on every update are slower still).
 */
import { marked } from '/marked.js';
import { renderMessage } from '/render.js';

const scroller = document.getElementById('scroller');
const historyList = document.getElementById('history');
const answer = document.getElementById('answer');
/** Work counted per update; with `log`, also each update's answer length on screen and characters parsed. */
const stats = { updates: 0, parsedChars: 0, log: null };
window.__baselineStats = stats;

let followScheduled = false;
function followEnd() {
  if (followScheduled) return;
  followScheduled = true;
  requestAnimationFrame(() => {
    followScheduled = false;
    scroller.scrollTop = scroller.scrollHeight;
  });
}

function update(text) {
  stats.updates += 1;
  stats.parsedChars += text.length;
  answer.innerHTML = marked.parse(text);
  stats.log?.push([answer.textContent.length, text.length]);
  followEnd();
}

async function load(history) {
  const response = await fetch(`/history/${encodeURIComponent(history)}.json`);
  const messages = await response.json();
  historyList.innerHTML = messages.map(renderMessage).join('');
  answer.innerHTML = '';
  scroller.scrollTop = scroller.scrollHeight;
}

/** Streams the answer to `prompt`; resolves when the stream has ended. `log` records every update's work. */
async function stream(prompt, { log = false } = {}) {
  stats.log = log ? [] : null;
  const response = await fetch(`/proxy/stream?prompt=${encodeURIComponent(prompt)}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += value;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const delta = JSON.parse(line.slice(6)).choices?.[0]?.delta?.content;
      if (!delta) continue;
      text += delta;
      update(text);
    }
  }
}

window.__baseline = { load, stream };
document.body.dataset.ready = 'true';
