/** A message like the ones models write: headings, lists, a table, code (closed and long), math, quotes, links. */
export const SAMPLE_ANSWER = `# Plan

Here is what we will do, in **three** steps, with \`inline code\` and a [link](https://example.com "Example").

1. Parse the input
2. Validate it
   - check the schema
   - check the ranges
3. Store it

- [x] done task
- [ ] open task

| Model | Input $/M | Output $/M |
|:------|----------:|:----------:|
| small | 0.15 | 0.60 |
| large | 3.00 | 15.00 |

\`\`\`ts
export function add(a: number, b: number): number {
  return a + b;
}
\`\`\`

> A quote that goes on
> for two lines.

The energy is $E = mc^2$ and the sum is

$$
\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}
$$

It costs $5 and $10, not math.

~~~python
def greet(name):
    print(f"hello {name}")
~~~

Setext heading
--------------

Final paragraph with an autolink https://example.org/path and a line
that wraps.
`;
