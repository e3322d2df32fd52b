/**
 * The app's sanitizer in Chromium, both ways it runs: the browser's own (`Element.setHTML`, what the app uses in
 * Chromium and so in Electron) and DOMPurify (where a page has no `setHTML`; here it is taken away). Both must leave
 * the same DOM of every case, and nothing outside the allow-list after parser tricks; nothing may run.
 * The module is bundled from its source with Vite, as the app's build does.
 */
import { resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { expect, test } from '@playwright/test';
import type {
  outsideAllowList,
  SANITIZER_CASES,
} from '../src-renderer/src/features/chat/markdown/sanitize.test-data';
import type { sanitizerKind, setSanitizedHtml } from '../src-renderer/src/features/chat/markdown/sanitize';

type UnderTest = {
  sanitizerKind: typeof sanitizerKind;
  setSanitizedHtml: typeof setSanitizedHtml;
  outsideAllowList: typeof outsideAllowList;
  SANITIZER_CASES: typeof SANITIZER_CASES;
  PARSER_TRICKS: readonly string[];
};

let bundle = '';

test.beforeAll(async () => {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: resolve(import.meta.dirname, 'support/sanitizer-entry.ts'),
        formats: ['iife'],
        name: 'under',
      },
    },
  })) as Rolldown.RolldownOutput[];
  bundle = output[0]!.output[0].code;
});

for (const kind of ['native', 'dompurify'] as const) {
  test(`the sanitizer (${kind}) leaves the same DOM and nothing that runs`, async ({ page }) => {
    await page.setContent('<!doctype html><html><body></body></html>');
    if (kind === 'dompurify') {
      await page.evaluate(() => {
        delete (Element.prototype as { setHTML?: unknown }).setHTML;
      });
    }
    await page.addScriptTag({ content: bundle });
    const result = await page.evaluate(() => {
      const under = (globalThis as unknown as { sanitizerUnderTest: UnderTest }).sanitizerUnderTest;
      const cases = under.SANITIZER_CASES.map(({ name, html, expected }) => {
        const element = document.createElement('div');
        document.body.append(element);
        under.setSanitizedHtml(element, html);
        return { name, expected, got: element.innerHTML };
      });
      const tricks = under.PARSER_TRICKS.map((html) => {
        const element = document.createElement('div');
        document.body.append(element);
        under.setSanitizedHtml(element, html);
        return { html, outside: under.outsideAllowList(element) };
      });
      return { kind: under.sanitizerKind(), cases, tricks };
    });
    expect(result.kind).toBe(kind);
    for (const { name, expected, got } of result.cases) expect(got, name).toBe(expected);
    for (const { html, outside } of result.tricks) expect(outside, html).toEqual([]);
    // Give anything that was meant to run (an onerror, a script) the chance to.
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });
}
