/**
 * Hostile HTML and what the sanitizer must leave of it, the same whichever sanitizer runs: sanitize.test.ts checks
 * DOMPurify's path in jsdom, e2e/sanitizer.spec.ts checks both paths in Chromium (its own sanitizer, and DOMPurify
 * where the page has none).
 */

/** HTML as render-html.ts makes it: every element and attribute it uses. */
const RENDERED =
  '<h2>Plan</h2><p>Some <strong>bold</strong>, <em>em</em>, <del>gone</del>, <code>x</code> and a ' +
  '<a href="https://example.com/a?b=1" title="Example" class="md-link" rel="noopener noreferrer">link</a>.</p>' +
  '<div class="md-code"><div class="md-code-bar"><span class="md-code-lang">ts</span>' +
  '<button type="button" class="md-code-copy" data-copy="code" aria-label="Copy code">Copy</button></div>' +
  '<pre><code class="hljs language-ts"><span class="hljs-keyword">const</span> a = 1;</code></pre></div>' +
  '<div class="md-table-wrap"><table><thead><tr><th align="left">a</th></tr></thead>' +
  '<tbody><tr><td align="right">2</td></tr></tbody></table></div>' +
  '<ol start="3"><li><input type="checkbox" disabled="" checked="" aria-label="Done"> done</li></ol>' +
  '<blockquote><p>q<br>r</p></blockquote><hr><span class="md-math" data-math="inline">x^2</span>';

export const SANITIZER_CASES: readonly { name: string; html: string; expected: string }[] = [
  { name: 'what the Markdown renderer produces stays as it is', html: RENDERED, expected: RENDERED },
  {
    name: 'script, style, frames, embedded documents and images are removed with what they hold',
    html:
      '<p>a</p><script>window.__pwned = 1</script><style>body{display:none}</style>' +
      '<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="x">' +
      '<svg onload="window.__pwned = 2"><circle r="5"></circle></svg><math><mi>x</mi></math>' +
      '<img src="x" onerror="window.__pwned = 3"><template><script>1</script></template>' +
      '<form action="https://evil.example"><p>inside a form</p></form><p>b</p>',
    expected: '<p>a</p><p>b</p>',
  },
  {
    name: 'event handlers, styles, ids and unknown attributes are dropped from allowed elements',
    html:
      '<p onclick="window.__pwned = 1" style="position:fixed" id="x" data-evil="1" aria-hidden="true">t</p>' +
      '<a href="https://e.com" onmouseover="window.__pwned = 2" target="_blank" ping="https://t.example">l</a>',
    expected: '<p>t</p><a href="https://e.com" rel="noopener noreferrer">l</a>',
  },
  {
    name: 'links keep only http(s) and mailto targets, however the scheme is disguised',
    html:
      '<a href="javascript:window.__pwned=1">1</a><a href=" javascript:x">2</a><a href="java\tscript:x">3</a>' +
      '<a href="&#106;avascript:x">4</a><a href="JAVASCRIPT:x">5</a><a href="data:text/html,x">6</a>' +
      '<a href="vbscript:x">7</a><a href="/etc/passwd">8</a><a href="//evil.example/x">9</a>' +
      '<a href="file:///etc/passwd">10</a><a href="https://ok.example/">11</a><a href="mailto:me@example.com">12</a>',
    expected:
      '<a rel="noopener noreferrer">1</a><a rel="noopener noreferrer">2</a><a rel="noopener noreferrer">3</a>' +
      '<a rel="noopener noreferrer">4</a><a rel="noopener noreferrer">5</a><a rel="noopener noreferrer">6</a>' +
      '<a rel="noopener noreferrer">7</a><a rel="noopener noreferrer">8</a><a rel="noopener noreferrer">9</a>' +
      '<a rel="noopener noreferrer">10</a><a href="https://ok.example/" rel="noopener noreferrer">11</a>' +
      '<a href="mailto:me@example.com" rel="noopener noreferrer">12</a>',
  },
  {
    name: 'form controls stay inert: inputs are disabled checkboxes, buttons submit nothing',
    html: '<input type="text" value="x" name="q"><input type="submit"><button type="submit" formaction="x">b</button>',
    expected:
      '<input type="checkbox" disabled=""><input type="checkbox" disabled=""><button type="button">b</button>',
  },
  {
    name: 'comments are dropped',
    html: '<p>a<!-- <img src=x onerror=alert(1)> --></p><!-- x --><p>b</p>',
    expected: '<p>a</p><p>b</p>',
  },
];

/**
 * Parser tricks (mutation XSS): what is left may differ between sanitizers, as parsers differ on them, but nothing
 * in it may be outside the allow-list (`outsideAllowList` says what is).
 */
export const PARSER_TRICKS: readonly string[] = [
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>"></noscript><p>b</p>',
  '<table><tr><td><img src=x onerror=window.__pwned=2></td></tr></table>',
  '<svg><p><style><img src=x onerror=window.__pwned=3></style></p></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=4></style></mglyph></table></mtext></math>',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=window.__pwned=5>',
  '<a href="https://e.com"><a href="javascript:window.__pwned=6">nested</a></a>',
  '<p>x</p><select><option><img src=x onerror=window.__pwned=7></option></select>',
];

const ELEMENTS = new Set(
  'a blockquote br button code del div em h1 h2 h3 h4 h5 h6 hr input li ol p pre span strong table tbody td th thead tr ul'.split(
    ' ',
  ),
);
const ATTRIBUTES = new Set(
  'align aria-label checked class data-copy data-math disabled href rel start title type'.split(' '),
);

/** Elements, attributes and link targets under `root` that the sanitizer should have removed. */
export function outsideAllowList(root: Element): string[] {
  const found: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (!ELEMENTS.has(tag)) found.push(`<${tag}>`);
    for (const { name, value } of element.attributes) {
      if (!ATTRIBUTES.has(name)) found.push(`${tag}[${name}]`);
      if (name === 'href' && !/^(https?:|mailto:)/i.test(value)) found.push(`${tag}[href=${value}]`);
    }
  }
  return found;
}
