/**
 * Renders the math placeholders of a block with KaTeX, which is imported only the first time some math is shown.
 * `katex.render` builds DOM nodes (styles set through the CSSOM), which the strict CSP allows, unlike the style
 * attributes `renderToString` would inject. TeX that KaTeX cannot parse stays visible as source.
 */
import type katexModule from 'katex';

type Katex = typeof katexModule;

let loading: Promise<Katex> | null = null;

function loadKatex(): Promise<Katex> {
  loading ??= import('./katex-loader').then((m) => m.default);
  return loading;
}

export async function renderMath(root: HTMLElement): Promise<void> {
  const nodes = root.querySelectorAll<HTMLElement>('[data-math]');
  if (nodes.length === 0) return;
  const katex = await loadKatex();
  for (const node of nodes) {
    if (!node.isConnected || node.dataset.mathDone) continue;
    const tex = node.textContent ?? '';
    try {
      katex.render(tex, node, {
        displayMode: node.dataset.math === 'display',
        throwOnError: false,
        trust: false,
        strict: 'ignore',
        maxSize: 50,
        maxExpand: 1000,
        output: 'htmlAndMathml',
      });
      node.dataset.mathDone = '1';
    } catch {
      node.textContent = tex;
    }
  }
}
