import { closeSync, existsSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from './attachments';
import { ConversationStore } from './conversations';
import { Database } from './database';
import { NoticeList } from './notices';
import { hasProjectNode, runAndKill } from './testing/crash';
import { makeTempDir } from './testing/fixtures';

describe('Database', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  const open: Database[] = [];
  const openDb = (notices?: NoticeList) => {
    const db = new Database(file, { notices, now: () => Date.UTC(2025, 5, 1) });
    open.push(db);
    return db;
  };
  const stores = (db: Database) =>
    new ConversationStore(db, {
      attachments: new AttachmentStore(db, { dir: join(temp.dir, 'attachments') }),
    });

  beforeEach(() => {
    temp = makeTempDir();
    file = join(temp.dir, 'modeldesk.db');
  });
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
    temp.remove();
  });

  it('runs each area’s migrations once, in order', () => {
    const db = openDb();
    const applied: number[] = [];
    const migrations = [
      { version: 2, up: () => applied.push(2) },
      { version: 1, up: 'CREATE TABLE a (x INTEGER) STRICT' },
    ];
    db.migrate('area', migrations);
    db.migrate('area', migrations);
    expect(applied).toEqual([2]);
    expect(db.get<{ version: number }>('SELECT version FROM schema_versions WHERE area = ?', 'area')).toEqual(
      { version: 2 },
    );
    expect(() => db.migrate('other', [{ version: 1, up: 'CREATE TABLE a (y)' }])).toThrow();
    // A failed migration leaves nothing half done.
    expect(db.get('SELECT version FROM schema_versions WHERE area = ?', 'other')).toBeUndefined();
  });

  it('is in WAL mode', () => {
    expect(openDb().get<{ journal_mode: string }>('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
  });

  it('moves a file that is not a database aside and starts fresh, saying so', () => {
    writeFileSync(file, 'this is not a database'.repeat(300));
    const notices = new NoticeList();
    const db = openDb(notices);
    expect(db.recovery?.movedTo).toBe(`${file}.corrupt-2025-06-01T00-00-00-000Z`);
    expect(existsSync(db.recovery!.movedTo)).toBe(true);
    expect(notices.list()[0]?.message).toBe(
      `Modeldesk found a damaged database and moved it to ${db.recovery!.movedTo}. Nothing could be read from it, so Modeldesk started with an empty one. Your settings and keys are stored apart and are not affected.`,
    );
    const store = stores(db);
    expect(store.list()).toEqual([]);
    store.create({ title: 'works' });
    expect(store.list()).toHaveLength(1);
  });

  it('salvages what it can from damaged pages and tells how many conversations it recovered', () => {
    const first = openDb();
    const store = stores(first);
    const total = 300;
    for (let i = 0; i < total; i++) {
      const c = store.create({ title: `conversation ${i}` });
      store.addUserMessage({ conversationId: c.id, text: `question ${i} `.repeat(20) });
      const a = store.createAssistantMessage({ conversationId: c.id });
      store.appendStreamed(a.id, `answer ${i} `.repeat(40));
      if (i !== total - 1) store.finishAssistantMessage(a.id, { status: 'complete', costMicros: 10 });
    }
    first.close();

    // Overwrite two pages in the middle of the file with garbage.
    const pageSize = 4096;
    const pages = statSync(file).size / pageSize;
    const fd = openSync(file, 'r+');
    for (const page of [Math.floor(pages / 2), Math.floor(pages / 2) + 1]) {
      writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, page * pageSize);
    }
    closeSync(fd);

    const notices = new NoticeList();
    const db = openDb(notices);
    expect(db.recovery).not.toBeNull();
    const conversations = db.recovery!.tables.find((t) => t.name === 'conversations')!;
    const messages = db.recovery!.tables.find((t) => t.name === 'messages')!;
    expect(conversations.recovered).toBeGreaterThan(0);
    expect(messages.recovered).toBeGreaterThan(0);
    // The damaged pages held rows: something was lost, and the rest came back.
    expect(conversations.recovered + messages.recovered).toBeLessThan(3 * total);

    const recovered = stores(db);
    const listed = recovered.list();
    expect(listed.length).toBeGreaterThanOrEqual(conversations.recovered);
    const message = notices.list()[0]!.message;
    expect(message).toMatch(
      /^Modeldesk found a damaged database and moved it to .*\.corrupt-.* It recovered \d+ (of \d+ )?conversations and \d+ (of \d+ )?messages\./,
    );
    expect(message).toContain(db.recovery!.movedTo);

    // Totals and the search index agree with the rows that came back.
    for (const c of listed.slice(0, 50)) {
      const full = recovered.get(c.id)!;
      expect(full.conversation.messageCount).toBe(full.messages.length);
    }
    expect(db.get<{ quick_check: string }>('PRAGMA quick_check')).toEqual({ quick_check: 'ok' });
    db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
    expect(recovered.list({ query: 'answer' }).length).toBeGreaterThan(0);
    // The answer that was still streaming came back interrupted, with its text.
    // The answer still streaming when the file broke comes back interrupted, if its row was readable.
    expect(recovered.interruptedAtStartup.length).toBeLessThanOrEqual(1);
    for (const m of recovered.interruptedAtStartup)
      expect(m.text.startsWith(`answer ${total - 1}`)).toBe(true);
    // The session can go on writing.
    recovered.create({ title: 'after recovery' });
    expect(readdirSync(temp.dir).some((n) => n.includes('.corrupt-'))).toBe(true);
  });

  describe.skipIf(!hasProjectNode)('a writer killed mid-stream (needs node_modules/.bin/node)', () => {
    it('loses no committed message, and the streaming answer is interrupted with its saved text', async () => {
      const lines = await runAndKill('database', file, 400);
      const conversationId = lines[0]!.replace('conversation ', '');
      const users = lines.filter((l) => l.startsWith('user ')).map((l) => Number(l.slice(5)));
      const answers = lines.filter((l) => l.startsWith('answer ')).map((l) => l.slice(7));
      const lastAnswer = answers.at(-1)!;
      const tokensOfLast = lines
        .slice(lines.lastIndexOf(`answer ${lastAnswer}`) + 1)
        .filter((l) => l.startsWith('token '))
        .map((l) => l.slice(6));
      const lastFinished = lines.at(-1)?.startsWith('finished ');

      const store = stores(openDb());
      const saved = store.get(conversationId)!;
      const savedUsers = saved.messages.filter((m) => m.role === 'user').map((m) => m.text);
      for (const n of users) expect(savedUsers).toContain(`question ${n}`);
      const answer = saved.messages.find((m) => m.id === lastAnswer)!;
      expect(answer.text.startsWith(tokensOfLast.join(''))).toBe(true);
      if (lastFinished || answer.status === 'complete') {
        // Killed after the answer was finished (perhaps before it could say so): it is whole.
        expect(answer.status).toBe('complete');
        expect(answer.text.trim().split(' ')).toHaveLength(50);
      } else {
        expect(answer.status).toBe('interrupted');
        expect(store.interruptedAtStartup.map((m) => m.id)).toContain(lastAnswer);
      }
      expect(saved.conversation.messageCount).toBe(saved.messages.length);
      expect(saved.messages.filter((m) => m.status === 'streaming')).toEqual([]);
    }, 60_000); // a child process that type-strips the storage modules starts slowly on a loaded machine
  });
});
