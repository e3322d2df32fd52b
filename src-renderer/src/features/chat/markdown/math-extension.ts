/**
 * Math in Markdown as LLMs write it: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` on their own lines or inline.
 * The tokens render as placeholders holding the TeX as text; KaTeX turns them into math after mount, loaded only
 * when a message has math. A lone dollar sign (prices: "$5 and $10") is not math: the opening `$` must be followed,
 * and the closing one preceded, by a non-space, and the closing one not followed by a digit.
 */
import type { MarkedExtension, Tokens } from 'marked';
import { escapeHtml } from './escape';

export type MathToken = Tokens.Generic & { type: 'math' | 'mathBlock'; text: string; display: boolean };

const BLOCK_RULES = [/^\$\$([\s\S]+?)\$\$[ \t]*(?:\n|$)/, /^\\\[([\s\S]+?)\\\][ \t]*(?:\n|$)/];
const INLINE_RULES: Array<{ rule: RegExp; display: boolean }> = [
  { rule: /^\$\$(?!\$)([\s\S]+?)\$\$/, display: true },
  { rule: /^\\\[([\s\S]+?)\\\]/, display: true },
  { rule: /^\\\(([\s\S]+?)\\\)/, display: false },
  { rule: /^\$(?![\s$])((?:\\.|[^\\$\n])+?)(?<![\s\\])\$(?!\d)/, display: false },
];

/** A placeholder for KaTeX: a div for a block, a span inside a paragraph (display math inline is styled as a block). */
export function placeholder(tex: string, display: boolean, block: boolean): string {
  const tag = block ? 'div' : 'span';
  return `<${tag} class="md-math${display ? ' md-math-display' : ''}" data-math="${display ? 'display' : 'inline'}">${escapeHtml(tex)}</${tag}>`;
}

export const mathExtension: MarkedExtension = {
  extensions: [
    {
      name: 'mathBlock',
      level: 'block',
      start(src: string) {
        const match = /^(?:\$\$|\\\[)/m.exec(src);
        return match?.index;
      },
      tokenizer(src: string) {
        for (const rule of BLOCK_RULES) {
          const match = rule.exec(src);
          if (match && match[1]!.trim()) {
            return { type: 'mathBlock', raw: match[0], text: match[1]!.trim(), display: true } as MathToken;
          }
        }
        return undefined;
      },
      renderer(token) {
        return placeholder((token as MathToken).text, true, true);
      },
    },
    {
      name: 'math',
      level: 'inline',
      start(src: string) {
        const index = src.search(/\$|\\[([]/);
        return index < 0 ? undefined : index;
      },
      tokenizer(src: string) {
        for (const { rule, display } of INLINE_RULES) {
          const match = rule.exec(src);
          if (match && match[1]!.trim()) {
            return { type: 'math', raw: match[0], text: match[1]!.trim(), display } as MathToken;
          }
        }
        return undefined;
      },
      renderer(token) {
        const math = token as MathToken;
        return placeholder(math.text, math.display, false);
      },
    },
  ],
};
