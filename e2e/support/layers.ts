/** Chromium's compositing layers, read over the DevTools protocol. */
import type { Page } from '@playwright/test';

/** Whether the element `selector` finds has a compositing layer of its own (a scroller that scrolls off the main thread). */
export async function hasOwnLayer(page: Page, selector: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`Nothing matches ${selector}.`);
    const { node } = await cdp.send('DOM.describeNode', { nodeId });
    const layers = new Promise<{ backendNodeId?: number }[]>((resolve) => {
      cdp.on('LayerTree.layerTreeDidChange', (event) => {
        if (event.layers?.length) resolve(event.layers);
      });
    });
    await cdp.send('LayerTree.enable');
    // The tree is reported with the next frame the page draws.
    await page.evaluate(() => {
      document.body.style.setProperty('--layers-probe', String(Math.random()));
    });
    return (await layers).some((layer) => layer.backendNodeId === node.backendNodeId);
  } finally {
    await cdp.detach();
  }
}
