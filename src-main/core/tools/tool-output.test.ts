import { describe, expect, it } from 'vitest';
import { boundTools, DESCRIPTION_MAX_CHARS, toolOutputOf, TOOLS_PER_SERVER } from './tool-output';

describe('tool listings from a server are bounded', () => {
  it('keeps well-formed tools and says what it left out', () => {
    const { tools, skipped } = boundTools([
      {
        name: 'read',
        description: 'd'.repeat(10_000),
        inputSchema: { type: 'object' },
        annotations: { readOnlyHint: true },
      },
      { name: 'read' },
      { name: 'bad name <script>' },
      { description: 'no name' },
      { name: 'big', inputSchema: { type: 'object', description: 'x'.repeat(40_000) } },
      'not an object',
    ]);
    expect(tools).toHaveLength(1);
    expect(tools[0]).toMatchObject({ name: 'read', readOnly: true });
    expect(tools[0]?.description).toHaveLength(DESCRIPTION_MAX_CHARS);
    expect(skipped).toEqual([
      'a second tool named read',
      expect.stringContaining('“bad name <script>”'),
      'a tool without a name',
      expect.stringContaining('big (its argument schema is over 32,000 characters)'),
      'a tool without a name',
    ]);
  });

  it('keeps at most a bounded number of tools', () => {
    const many = Array.from({ length: TOOLS_PER_SERVER + 5 }, (_, i) => ({ name: `t${i}` }));
    const { tools, skipped } = boundTools(many);
    expect(tools).toHaveLength(TOOLS_PER_SERVER);
    expect(skipped).toEqual([
      `t${TOOLS_PER_SERVER} and the rest (at most ${TOOLS_PER_SERVER} tools per server)`,
    ]);
  });
});

describe('tool results reach the model as bounded text', () => {
  it('joins text, names what it leaves out, reads embedded text resources', () => {
    const out = toolOutputOf({
      content: [
        { type: 'text', text: 'First.' },
        { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
        { type: 'resource', resource: { uri: 'file:///a.txt', text: 'inside' } },
        { type: 'resource', resource: { uri: 'file:///b.bin', blob: 'AAAA', mimeType: 'application/zip' } },
        { type: 'resource_link', uri: 'file:///c', name: 'c' },
        { type: 'hologram' },
      ],
    });
    expect(out.text.split('\n')).toEqual([
      'First.',
      '[The tool returned an audio (audio/wav, 3 bytes); Modeldesk passes only text to the model.]',
      '[Resource file:///a.txt]',
      'inside',
      '[The tool returned a binary resource file:///b.bin (application/zip, 3 bytes); Modeldesk passes only text to the model.]',
      '[Resource link: c file:///c]',
      '[The tool returned content of an unsupported type (hologram).]',
    ]);
    expect(out.omitted).toHaveLength(3);
  });

  it('uses structured content when there is no text, and says when there is nothing', () => {
    expect(toolOutputOf({ content: [], structuredContent: { total: 3 } }).text).toBe('{"total":3}');
    expect(toolOutputOf({ content: [] }).text).toBe('(The tool returned no text.)');
    expect(toolOutputOf({ content: [{ type: 'text', text: 'no' }], isError: true })).toMatchObject({
      isError: true,
      text: 'no',
    });
  });

  it('cuts a long result and says so', () => {
    const out = toolOutputOf({ content: [{ type: 'text', text: 'y'.repeat(120) }] }, 100);
    expect(out).toMatchObject({ truncated: true, fullChars: 120 });
    expect(out.text).toBe(
      `${'y'.repeat(100)}\n\n[Modeldesk cut this result: the tool returned 120 characters; at most 100 are passed on.]`,
    );
  });
});
