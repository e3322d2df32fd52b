// @vitest-environment jsdom
/**
 * The sanitizer's DOMPurify path (jsdom has no `Element.setHTML`), on hostile HTML: the same cases as the browser's
 * own sanitizer passes in e2e/sanitizer.spec.ts, with the same results.
 */
import { describe, expect, it } from 'vitest';
import { sanitizerKind, setSanitizedHtml } from './sanitize';
import { outsideAllowList, PARSER_TRICKS, SANITIZER_CASES } from './sanitize.test-data';

describe('setSanitizedHtml without the browser sanitizer', () => {
  it('uses DOMPurify where the page has no Element.setHTML', () => {
    expect(sanitizerKind()).toBe('dompurify');
  });

  for (const { name, html, expected } of SANITIZER_CASES) {
    it(name, () => {
      const element = document.createElement('div');
      element.innerHTML = '<p>what was there before</p>';
      setSanitizedHtml(element, html);
      expect(element.innerHTML).toBe(expected);
    });
  }

  it('leaves nothing outside the allow-list after parser tricks', () => {
    for (const html of PARSER_TRICKS) {
      const element = document.createElement('div');
      setSanitizedHtml(element, html);
      expect(outsideAllowList(element), html).toEqual([]);
    }
  });

  it('the allow-list check finds what it should', () => {
    const element = document.createElement('div');
    element.innerHTML = '<p onclick="x">a</p><img src="x"><a href="javascript:x">l</a>';
    expect(outsideAllowList(element)).toEqual(['p[onclick]', '<img>', 'img[src]', 'a[href=javascript:x]']);
  });
});
