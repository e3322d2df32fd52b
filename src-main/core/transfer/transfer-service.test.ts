/**
 * The transfer service over a real data folder: import from ChatGPT and Chatbox, export and import back, back up
 * and restore to the micro-dollar, and hostile files refused with their reason and nothing changed.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ToolCallRecord } from '@contract/tools';
import type { TransferResult } from '@contract/transfer';
import { pngBytes } from '../storage/testing/fixtures';
import { openHarness, type Harness } from './testing/harness';
import {
  chatboxExport,
  chatGptConversations,
  writeChatGptZip,
  writeLargeChatGptExport,
  writeZip,
} from './testing/samples';
import { ZipArchive } from './zip-read';

const open: Harness[] = [];
async function harness() {
  const h = await openHarness();
  open.push(h);
  return h;
}
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});

const usage = (input: number, output: number) => ({
  input: { uncached: input, cacheRead: 0, cacheWrite: 0 },
  output: { text: output, reasoning: 0 },
  source: 'reported' as const,
});
const prices = { inputPerM: 3, outputPerM: 15 };

/** A conversation made here: a question with an image, a priced answer and its ledger row. */
function seed(h: Harness, title = 'Grey square') {
  const conversation = h.conversations.create({ title });
  const image = h.attachments.add({ bytes: pngBytes(6, 6, 7), name: 'square.png' });
  h.conversations.addUserMessage({
    conversationId: conversation.id,
    text: 'What is this?',
    attachments: [image.hash],
  });
  const answer = h.conversations.createAssistantMessage({
    conversationId: conversation.id,
    model: 'anthropic:claude-sonnet-4-5',
  });
  h.conversations.appendStreamed(answer.id, 'A grey square.\n\n```ts\nconst fence = "```";\n```');
  const record = h.ledger.append({
    requestId: `r-${answer.id}`,
    attempt: 1,
    role: 'primary',
    purpose: 'chat',
    conversationId: conversation.id,
    messageId: answer.id,
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    outcome: 'ok',
    usage: usage(1234, 567),
    prices,
  });
  h.conversations.finishAssistantMessage(answer.id, {
    status: 'complete',
    usage: usage(1234, 567),
    costMicros: record.costMicros,
  });
  return { conversation, image, answer, record };
}

async function run(
  h: Harness,
  start: () => ReturnType<Harness['service']['exportConversations']>,
): Promise<TransferResult> {
  return h.finish(start());
}

async function refusal(
  h: Harness,
  start: () => ReturnType<Harness['service']['exportConversations']>,
): Promise<string> {
  try {
    await run(h, start);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('importing a ChatGPT export', () => {
  it('brings the chosen branches with their models, images and unknown costs, writes no ledger row, and skips them next time', async () => {
    const h = await harness();
    const zipPath = h.path('chatgpt-export.zip');
    await writeChatGptZip(zipPath);
    const upload = await h.upload(zipPath, 'chatgpt-export.zip');
    const inspected = await run(h, () => h.service.inspect(upload.uploadId));
    expect(inspected.type).toBe('preview');
    if (inspected.type !== 'preview') return;
    expect(inspected.preview).toMatchObject({
      format: 'chatgpt',
      conversations: 2,
      messages: 6,
      images: 1,
      duplicates: 0,
    });
    expect(inspected.preview.sample.map((s) => s.title)).toEqual(['Monads, explained', 'A grey square']);
    expect(h.conversations.list()).toHaveLength(0);

    const imported = await run(h, () => h.service.import(upload.uploadId, 'skip'));
    expect(imported).toMatchObject({ type: 'imported', imported: 2, skipped: 0 });
    const list = h.conversations.list();
    expect(list.map((c) => [c.title, c.costMicros, c.costUnknown])).toEqual([
      ['A grey square', 0, true],
      ['Monads, explained', 0, true],
    ]);
    const square = h.conversations.get(list[0]!.id)!;
    expect(square.messages[0]!.attachments).toHaveLength(1);
    expect(h.attachments.read(square.messages[0]!.attachments[0]!.hash).bytes.length).toBeGreaterThan(0);
    expect(square.messages[1]).toMatchObject({
      role: 'assistant',
      model: 'openai:gpt-4o',
      costMicros: null,
      status: 'complete',
    });
    expect(h.ledger.count()).toBe(0);

    const again = await h.upload(zipPath);
    const second = await run(h, () => h.service.inspect(again.uploadId));
    expect(second.type === 'preview' && second.preview).toMatchObject({ conversations: 2, duplicates: 2 });
    expect(await run(h, () => h.service.import(again.uploadId, 'skip'))).toMatchObject({
      imported: 0,
      skipped: 2,
    });
    expect(h.conversations.list()).toHaveLength(2);
  });

  it('imports a conversation that changed in ChatGPT since as a new one', async () => {
    const h = await harness();
    const first = await h.upload(Buffer.from(JSON.stringify(chatGptConversations())));
    await run(h, () => h.service.import(first.uploadId, 'skip'));
    const changed = chatGptConversations() as Array<{
      mapping: Record<string, { message: { content: { parts: string[] } } | null }>;
    }>;
    changed[1]!.mapping.a5!.message!.content.parts = ['It is grey, definitely.'];
    const second = await h.upload(Buffer.from(JSON.stringify(changed)));
    const preview = await run(h, () => h.service.inspect(second.uploadId));
    expect(preview.type === 'preview' && preview.preview).toMatchObject({ duplicates: 1, changed: 1 });
    expect(await run(h, () => h.service.import(second.uploadId, 'skip'))).toMatchObject({
      imported: 1,
      skipped: 1,
    });
  });
});

describe('importing Chatbox exported data', () => {
  it('brings its sessions with their models and recorded usage, costs unknown', async () => {
    const h = await harness();
    const upload = await h.upload(
      Buffer.from(JSON.stringify(chatboxExport())),
      'chatbox-exported-data-2025-1-5.json',
    );
    const preview = await run(h, () => h.service.inspect(upload.uploadId));
    expect(preview.type === 'preview' && preview.preview).toMatchObject({
      format: 'chatbox',
      conversations: 1,
      messages: 5,
    });
    await run(h, () => h.service.import(upload.uploadId, 'skip'));
    const [trip] = h.conversations.list();
    expect(trip).toMatchObject({ title: 'Trip to Lisbon', costUnknown: true, costMicros: 0 });
    const answer = h.conversations.get(trip!.id)!.messages.at(-1)!;
    expect(answer).toMatchObject({
      model: 'anthropic:claude-3-5-sonnet-20241022',
      costMicros: null,
      thinking: 'Two days: Alfama, Belém.',
    });
    expect(answer.usage?.output).toEqual({ text: 50, reasoning: 10 });
    expect(h.conversations.get(trip!.id)!.messages[3]!.text).toBe(
      'Plan two days in Lisbon.\n\n*[Image not in the imported file]*',
    );
  });
});

describe('exporting', () => {
  it('writes Markdown and JSON with the image beside them, and the JSON imports back elsewhere', async () => {
    const h = await harness();
    const { conversation, image, answer } = seed(h);

    const markdown = h.artifactBytes(
      await run(h, () =>
        h.service.exportConversations({
          conversationIds: [conversation.id],
          format: 'markdown',
          images: 'files',
          costs: true,
        }),
      ),
    );
    expect(markdown.filename).toBe('grey-square.zip');
    const mdZip = h.path('md.zip');
    writeFileSync(mdZip, markdown.bytes);
    const archive = await ZipArchive.open(mdZip);
    expect(archive.names().sort()).toEqual(['grey-square.md', `images/${image.hash}.png`]);
    const md = (await archive.read('grey-square.md', 1e6)).toString();
    expect(
      (await archive.read(`images/${image.hash}.png`, 1e6)).equals(h.attachments.read(image.hash).bytes),
    ).toBe(true);
    archive.close();
    expect(md).toContain(`![square.png](images/${image.hash}.png)`);
    expect(md).toContain('## Assistant · Claude Sonnet 4.5 ·');
    expect(md).toContain('const fence = "```";');
    expect(md).toContain('**Total: $0.0122**');

    const embedded = h.artifactBytes(
      await run(h, () =>
        h.service.exportConversations({
          conversationIds: [conversation.id],
          format: 'json',
          images: 'embedded',
          costs: false,
        }),
      ),
    );
    expect(embedded.filename).toBe('grey-square.json');
    const file = JSON.parse(embedded.bytes.toString()) as {
      kind: string;
      version: number;
      conversations: Array<{ messages: Array<Record<string, unknown>> }>;
      attachments: Record<string, { dataBase64: string }>;
    };
    expect(file).toMatchObject({ kind: 'modeldesk-conversations', version: 1 });
    expect(file.conversations[0]!.messages[1]).toMatchObject({
      id: answer.id,
      model: 'anthropic:claude-sonnet-4-5',
      costMicros: 12207,
      usage: usage(1234, 567),
    });
    expect(
      Buffer.from(file.attachments[image.hash]!.dataBase64, 'base64').equals(
        h.attachments.read(image.hash).bytes,
      ),
    ).toBe(true);

    const elsewhere = await harness();
    const upload = await elsewhere.upload(embedded.bytes, embedded.filename);
    await run(elsewhere, () => elsewhere.service.import(upload.uploadId, 'skip'));
    const [copy] = elsewhere.conversations.list();
    const copied = elsewhere.conversations.get(copy!.id)!;
    expect(copied.messages.map((m) => [m.role, m.text, m.model])).toEqual(
      h.conversations.get(conversation.id)!.messages.map((m) => [m.role, m.text, m.model]),
    );
    expect(copied.messages[0]!.attachments[0]!.hash).toBe(image.hash);
    // The cost this app computed when it made the call travels with the file, and is not guessed again.
    expect(copied.messages[1]!.costMicros).toBe(12207);
    expect(copy).toMatchObject({ costMicros: 12207, costUnknown: false });

    // Exported from here and imported here again: it is already here.
    const back = await h.upload(embedded.bytes);
    expect(await run(h, () => h.service.import(back.uploadId, 'skip'))).toMatchObject({
      imported: 0,
      skipped: 1,
    });
  });

  it('exports several conversations from the list as one zip (Markdown) or one JSON', async () => {
    const h = await harness();
    const a = h.conversations.create({ title: 'Same title' });
    const b = h.conversations.create({ title: 'Same title' });
    h.conversations.addUserMessage({ conversationId: a.id, text: 'one' });
    h.conversations.addUserMessage({ conversationId: b.id, text: 'two' });
    const zip = h.artifactBytes(
      await run(h, () =>
        h.service.exportConversations({
          conversationIds: [a.id, b.id],
          format: 'markdown',
          images: 'files',
          costs: false,
        }),
      ),
    );
    writeFileSync(h.path('two.zip'), zip.bytes);
    const archive = await ZipArchive.open(h.path('two.zip'));
    expect(archive.names().sort()).toEqual(['same-title-2.md', 'same-title.md']);
    archive.close();
    const json = h.artifactBytes(
      await run(h, () =>
        h.service.exportConversations({
          conversationIds: [a.id, b.id],
          format: 'json',
          images: 'files',
          costs: false,
        }),
      ),
    );
    expect(json.filename).toMatch(/^modeldesk-conversations-\d{4}-\d{2}-\d{2}\.json$/);
    expect((JSON.parse(json.bytes.toString()) as { conversations: unknown[] }).conversations).toHaveLength(2);
  });
});

/** An answer that used a tool: two model rounds (the second a tool_round ledger row), one call with its result. */
function seedWithTools(h: Harness) {
  const { conversation, answer, record } = seed(h, 'Read a file');
  const second = h.ledger.append({
    requestId: `r2-${answer.id}`,
    attempt: 1,
    role: 'tool_round',
    purpose: 'chat',
    conversationId: conversation.id,
    messageId: answer.id,
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    outcome: 'ok',
    usage: usage(2000, 100),
    prices,
  });
  const text = h.conversations.get(conversation.id)!.messages[1]!.text;
  const calls: ToolCallRecord[] = [
    {
      id: 'toolu_1',
      round: 1,
      name: 'files__read_text_file',
      server: 'files',
      serverName: 'Files',
      tool: 'read_text_file',
      arguments: '{"path":"/tmp/notes.txt"}',
      state: 'done',
      allowedBy: 'once',
      result: 'PELICAN-42 <img src=x onerror=alert(1)> ```',
      startedAt: 1_700_000_000_000,
      durationMs: 12,
    },
    {
      id: 'toolu_2',
      round: 1,
      name: 'files__write_file',
      arguments: '{}',
      state: 'denied',
      error: { kind: 'denied', message: 'You denied this call.' },
    },
  ];
  h.conversations.updateTools(answer.id, { calls, roundTexts: ['Let me look.', text] });
  h.conversations.finishAssistantMessage(answer.id, {
    status: 'complete',
    usage: usage(1234, 567),
    costMicros: record.costMicros! + second.costMicros!,
  });
  return { conversation, answer, calls, text };
}

describe('answers that used tools', () => {
  it('keep their calls and round texts through a JSON export and import, Markdown, and a backup and restore', async () => {
    const h = await harness();
    const { conversation, calls, text } = seedWithTools(h);
    const original = h.conversations.get(conversation.id)!.messages[1]!;
    expect(original.toolCalls).toEqual(calls);

    const json = h.artifactBytes(
      await run(h, () =>
        h.service.exportConversations({
          conversationIds: [conversation.id],
          format: 'json',
          images: 'embedded',
          costs: true,
        }),
      ),
    );
    const elsewhere = await harness();
    const upload = await elsewhere.upload(json.bytes, json.filename);
    await run(elsewhere, () => elsewhere.service.import(upload.uploadId, 'skip'));
    const [copy] = elsewhere.conversations.list();
    const imported = elsewhere.conversations.get(copy!.id)!.messages[1]!;
    expect(imported.toolCalls).toEqual(calls);
    expect(imported.roundTexts).toEqual(['Let me look.', text]);

    const markdown = h.artifactBytes(
      await run(h, () =>
        h.service.exportConversations({
          conversationIds: [conversation.id],
          format: 'markdown',
          images: 'embedded',
          costs: true,
        }),
      ),
    );
    const md = markdown.bytes.toString();
    // Round one's text, its calls (arguments and result fenced, so the result stays inert), then round two's text.
    expect(md).toContain('<details><summary>Tool call: Files · read\\_text\\_file (done)</summary>');
    expect(md).toContain('````text\nPELICAN-42 <img src=x onerror=alert(1)> ```\n````');
    expect(md).toContain('Tool call: files\\_\\_write\\_file (denied)');
    expect(md).toContain('Error:\n\n```text\nYou denied this call.\n```');
    expect(md.indexOf('Let me look.')).toBeLessThan(md.indexOf('Tool call:'));
    expect(md.indexOf('Tool call:')).toBeLessThan(md.indexOf('A grey square.'));

    const before = h.snapshot();
    const backup = h.artifactBytes(await run(h, () => h.service.backup()));
    const fresh = await harness();
    const restoring = await fresh.upload(backup.bytes, backup.filename);
    await run(fresh, () => fresh.service.restore(restoring.uploadId, 'replace'));
    const after = fresh.snapshot();
    expect(after.conversations).toEqual(before.conversations);
    expect(after.conversations[0]!.messages[1]!.toolCalls).toEqual(calls);
    expect(after.ledger.map((r) => r.role)).toEqual(['primary', 'tool_round']);
    expect(after.ledger).toEqual(before.ledger);
  });
});

describe('backup and restore', () => {
  it('restores into an empty folder exactly: conversations, images, ledger and configuration, to the micro-dollar', async () => {
    const h = await harness();
    seed(h, 'First');
    seed(h, 'Second');
    h.settings.updateSettings({ ...h.settings.getSettings(), theme: 'dark' });
    const before = h.snapshot();
    const backup = h.artifactBytes(await run(h, () => h.service.backup()));
    expect(backup.filename).toMatch(/^modeldesk-backup-\d{4}-\d{2}-\d{2}\.zip$/);

    const fresh = await harness();
    const upload = await fresh.upload(backup.bytes, backup.filename);
    const preview = await run(fresh, () => fresh.service.inspect(upload.uploadId));
    expect(preview.type === 'preview' && preview.preview).toMatchObject({
      format: 'modeldesk-backup',
      conversations: 2,
      backup: { ledgerRecords: 2, ledgerCostMicros: 2 * 12207, hasConfig: true, targetEmpty: true },
    });
    expect(fresh.conversations.list()).toHaveLength(0);
    const restored = await run(fresh, () => fresh.service.restore(upload.uploadId, 'replace'));
    expect(restored).toMatchObject({
      type: 'restored',
      conversations: 2,
      ledgerRecords: 2,
      attachments: 1,
      configApplied: true,
    });
    const after = fresh.snapshot();
    expect(after.conversations).toEqual(before.conversations);
    expect(after.ledger).toEqual(before.ledger);
    expect(fresh.settings.getSettings().theme).toBe('dark');

    // A full restore over data is refused; merging adds only what is missing.
    const again = await fresh.upload(backup.bytes);
    expect(await refusal(fresh, () => fresh.service.restore(again.uploadId, 'replace'))).toMatch(
      /needs an empty one/,
    );
    expect(await run(fresh, () => fresh.service.restore(again.uploadId, 'merge'))).toMatchObject({
      conversations: 0,
      skipped: 2,
      ledgerRecords: 0,
    });
    expect(fresh.snapshot().ledger).toHaveLength(2);
  });

  it('refuses a backup whose files do not match the manifest, and changes nothing', async () => {
    const h = await harness();
    const { image } = seed(h);
    const backup = h.artifactBytes(await run(h, () => h.service.backup()));
    writeFileSync(h.path('b.zip'), backup.bytes);
    const archive = await ZipArchive.open(h.path('b.zip'));
    const files: Record<string, Buffer> = {};
    for (const name of archive.names()) files[name] = await archive.read(name, 1e8);
    archive.close();

    const target = await harness();
    const tryRestore = async (changed: Record<string, Buffer | string>) => {
      const path = target.path(`t-${Math.random()}.zip`);
      await writeZip(path, changed);
      const upload = await target.upload(path);
      return refusal(target, () => target.service.restore(upload.uploadId, 'replace'));
    };
    const flipped = Buffer.from(files[`attachments/${image.hash}`]!);
    flipped[flipped.length - 20] = flipped[flipped.length - 20]! ^ 0xff;
    expect(await tryRestore({ ...files, [`attachments/${image.hash}`]: flipped })).toMatch(
      /does not match its checksum/,
    );
    expect(await tryRestore({ ...files, 'notes.txt': 'extra' })).toMatch(
      /a file its manifest does not list: "notes.txt"/,
    );
    const { [`attachments/${image.hash}`]: _gone, ...without } = files;
    expect(await tryRestore(without)).toMatch(/missing from the file/);
    const manifest = JSON.parse(files['manifest.json']!.toString()) as { version: number };
    expect(
      await tryRestore({ ...files, 'manifest.json': JSON.stringify({ ...manifest, version: 99 }) }),
    ).toMatch(/newer Modeldesk/);
    const db = Buffer.from(files['modeldesk.db']!);
    db.write('garbage!', 5000);
    expect(await tryRestore({ ...files, 'modeldesk.db': db })).toMatch(
      /database does not match its checksum/,
    );
    expect(target.snapshot().conversations).toEqual([]);
    expect(target.ledger.count()).toBe(0);
    expect(
      existsSync(target.attachments.dir) ? readdirSync(target.attachments.dir, { recursive: true }) : [],
    ).toEqual([]);
  });
});

describe('hostile files are refused with the reason, and nothing changes', () => {
  async function refusedImport(h: Harness, file: Buffer, name = 'file') {
    const before = h.snapshot();
    const upload = await h.upload(file, name);
    const inspected = await refusal(h, () => h.service.inspect(upload.uploadId));
    const imported = await refusal(h, () => h.service.import(upload.uploadId, 'skip'));
    expect(imported).toBe(inspected);
    expect(h.snapshot()).toEqual(before);
    return imported;
  }

  it('a zip whose image name climbs out of the archive', async () => {
    const h = await harness();
    seed(h);
    const path = h.path('evil.zip');
    await writeZip(path, {
      'conversations.json': JSON.stringify(chatGptConversations()),
      'aa/evil.png': pngBytes(2, 2),
    });
    // Rename the entry to ../evil.png in place (yazl will not write such a name, an attacker's tool would).
    const bytes = readFileSync(path);
    let at = bytes.indexOf('aa/evil.png');
    while (at >= 0) {
      bytes.write('../evil.png', at);
      at = bytes.indexOf('aa/evil.png', at + 1);
    }
    expect(await refusedImport(h, bytes, 'evil.zip')).toMatch(
      /climbs out of the archive or has an unsafe name: "\.\.\/evil\.png"/,
    );
  });

  it('a zip bomb', async () => {
    const h = await harness();
    const path = h.path('bomb.zip');
    await writeZip(path, { 'conversations.json': '[]', 'file-Bomb-x.png': Buffer.alloc(30 * 1024 * 1024) });
    expect(await refusedImport(h, readFileSync(path))).toMatch(/expands \d+ times: it looks like a zip bomb/);
  });

  it('deep nesting, cycles, wrong types, not JSON, an empty file', async () => {
    const h = await harness();
    expect(await refusedImport(h, Buffer.from(`[${'{"a":'.repeat(200)}1${'}'.repeat(200)}]`))).toMatch(
      /nests deeper than 64/,
    );
    const looped = chatGptConversations() as Array<{ mapping: Record<string, { parent: string | null }> }>;
    looped[1]!.mapping.r!.parent = 'a5';
    expect(await refusedImport(h, Buffer.from(JSON.stringify(looped)))).toMatch(
      /Conversation 2's message tree loops/,
    );
    expect(await refusedImport(h, Buffer.from('[{"mapping": [], "title": "x"}]'))).toMatch(
      /not a ChatGPT conversation/,
    );
    expect(await refusedImport(h, Buffer.from('hello'))).toMatch(/not JSON/);
    expect(await refusedImport(h, Buffer.from(''))).toMatch(/empty/);
    expect(await refusedImport(h, Buffer.from('{"kind":"modeldesk-config","version":1}'))).toMatch(
      /configuration file/,
    );
  });

  it('a file over the size limit is refused while it arrives', async () => {
    const h = await harness();
    const { Readable } = await import('node:stream');
    const staging = new (await import('./staging')).TransferStaging(h.path('small'), {
      maxUploadBytes: 1000,
    });
    await expect(
      staging.receive({ name: 'big', body: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]) }),
    ).rejects.toThrow(/larger than/);
    await expect(
      staging.receive({ name: 'big', body: Readable.from([]), declaredBytes: 5000 }),
    ).rejects.toThrow(/reads files up to/);
    expect(readdirSync(h.path('small'))).toEqual([]);
  });
});

describe('large imports', () => {
  it('import 10,000 conversations in slices that give the event loop back, with progress, and can be cancelled', async () => {
    const h = await harness();
    const path = h.path('large.json');
    writeLargeChatGptExport(path, 10_000, 3);
    const upload = await h.upload(path, 'conversations.json');

    // Cancelled: nothing is written.
    const cancelledJob = h.service.import(upload.uploadId, 'skip');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.service.cancel(cancelledJob.jobId)).toBe(true);
    await expect(h.finish(cancelledJob)).rejects.toThrow(/Cancelled/);
    expect(h.conversations.list()).toHaveLength(0);

    let ticks = 0;
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    const result = await run(h, () => h.service.import(upload.uploadId, 'skip'));
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    expect(result).toMatchObject({ imported: 10_000 });
    expect(h.conversations.list()).toHaveLength(10_000);
    const progress = h.events.filter((e) => e.kind === 'import' && e.state === 'running');
    // The timer kept firing all along (the work yields) and progress was reported along the way.
    expect(ticks).toBeGreaterThan(elapsed / 500);
    expect(progress.length).toBeGreaterThan(5);
    console.log(
      `10,000 conversations (60,000 messages): ${Math.round(elapsed)} ms, longest event-loop gap ${Math.round(longest)} ms, ${ticks} timer ticks, ${progress.length} progress events`,
    );
  }, 180_000);
});
