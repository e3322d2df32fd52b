import { describe, expect, it } from 'vitest';
import { safeHref } from './links';
import { lexBlocks, renderBlockHtml, renderOpenCodeHtml, tokenHasMath } from './render-html';

const html = (markdown: string) =>
  lexBlocks(markdown)
    .map((t) => renderBlockHtml(t))
    .join('');
const hasMath = (markdown: string) => lexBlocks(markdown).some((t) => tokenHasMath(t));

describe('renderBlockHtml: model output is untrusted', () => {
  it('shows raw HTML as text, block and inline', () => {
    const out = html('<script>alert(1)</script>\n\nHello <img src=x onerror=alert(1)> and <b>bold</b>');
    expect(out).not.toMatch(/<script|<img|<b>/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('drops javascript:, data: and relative link targets, keeping the text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<x>',
      'vbscript:x',
      '/etc/passwd',
      '#top',
      'file:///etc/passwd',
    ]) {
      const out = html(`[click me](${href})`);
      expect(out, href).not.toContain('href=');
      expect(out).toContain('click me');
    }
    expect(html('<javascript:alert(1)>')).not.toContain('href=');
  });

  it('keeps absolute http(s) and mailto links, escaped, for the view to open outside', () => {
    const out = html('[site](https://example.com/a?b=1&c="2") and <mailto:me@example.com>');
    expect(out).toContain('href="https://example.com/a?b=1&amp;c=%222%22"');
    expect(out).toContain('href="mailto:me@example.com"');
    expect(out).toContain('rel="noopener noreferrer"');
    expect(html('see https://example.org/x')).toContain('href="https://example.org/x"');
  });

  it('never loads images: they become a labelled link', () => {
    const out = html('![a cat](https://example.com/cat.png) ![x](javascript:alert(1))');
    expect(out).not.toContain('<img');
    expect(out).toContain('Image: a cat');
    expect(out).toContain('href="https://example.com/cat.png"');
    expect(out.match(/href=/g)).toHaveLength(1);
  });

  it('escapes attribute breakouts in titles and code languages', () => {
    const out = html('[t](https://e.com "x\\" onmouseover=\\"alert(1)")\n\n```js" onload="x\ncode\n```');
    expect(out).not.toMatch(/onmouseover="|onload="/);
  });
});

describe('renderBlockHtml: GitHub-flavoured Markdown', () => {
  it('renders tables with alignment in a scrolling wrapper', () => {
    const out = html('| a | b |\n|:--|--:|\n| 1 | 2 |');
    expect(out).toContain('<div class="md-table-wrap"><table>');
    expect(out).toContain('<th align="left">a</th>');
    expect(out).toContain('<td align="right">2</td>');
  });

  it('renders task lists with disabled checkboxes', () => {
    const out = html('- [x] done\n- [ ] todo');
    expect(out).toContain('<input type="checkbox" disabled checked aria-label="Done">');
    expect(out).toContain('<input type="checkbox" disabled aria-label="To do">');
  });

  it('highlights code in a known language and frames it with a copy button', () => {
    const out = html('```ts\nconst x: number = 1;\n```');
    expect(out).toContain('class="hljs language-ts"');
    expect(out).toContain('<span class="hljs-keyword">const</span>');
    expect(out).toContain('data-copy="code"');
    expect(out).toContain('aria-label="Copy code"');
    expect(out).toContain('<span class="md-code-lang">ts</span>');
  });

  it('shows code in an unknown language plain, escaped', () => {
    const out = html('```brainfart\n<b>&\n```');
    expect(out).toContain('&lt;b&gt;&amp;');
    expect(out).not.toContain('hljs-');
  });

  it('renders an open fence plain, without a copy button', () => {
    const out = renderOpenCodeHtml('const a = "<x>";', 'js');
    expect(out).toContain('md-code-open');
    expect(out).toContain('const a = &quot;&lt;x&gt;&quot;;');
    expect(out).not.toContain('hljs-');
    expect(out).not.toContain('data-copy');
  });
});

describe('math', () => {
  it('turns $…$, \\(…\\), $$…$$ and \\[…\\] into placeholders holding the TeX as text', () => {
    expect(html('Energy $E=mc^2$.')).toContain('<span class="md-math" data-math="inline">E=mc^2</span>');
    expect(html('Inline \\(a<b\\) here')).toContain('data-math="inline">a&lt;b</span>');
    expect(html('$$\n\\frac{1}{2}\n$$')).toContain(
      '<div class="md-math md-math-display" data-math="display">\\frac{1}{2}</div>',
    );
    expect(html('\\[\nx^2\n\\]')).toContain('data-math="display">x^2</div>');
    expect(html('Sum $$a+b$$ inline')).toContain(
      '<span class="md-math md-math-display" data-math="display">a+b</span>',
    );
  });

  it('leaves prices and code alone', () => {
    expect(hasMath('It costs $5 and $10.')).toBe(false);
    expect(hasMath('Between $ 5 and 6 $ maybe')).toBe(false);
    expect(hasMath('Use `$x$` in code')).toBe(false);
    expect(hasMath('```\n$$x$$\n```')).toBe(false);
    expect(hasMath('Then $x$ is')).toBe(true);
  });
});

describe('safeHref', () => {
  it('accepts only absolute http, https and mailto URLs', () => {
    expect(safeHref('https://a.b/c')).toBe('https://a.b/c');
    expect(safeHref('http://a.b')).toBe('http://a.b/');
    expect(safeHref('mailto:x@y.z')).toBe('mailto:x@y.z');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('  javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html;base64,AAAA')).toBeNull();
    expect(safeHref('relative/path')).toBeNull();
    expect(safeHref('')).toBeNull();
  });
});
