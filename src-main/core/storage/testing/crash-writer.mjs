/**
 * A writer the crash tests start as a child process and kill with SIGKILL mid-write. It runs the storage
 * modules' TypeScript directly (Node strips the types; a resolve hook maps `@contract/*` and extensionless
 * imports), writes in a loop, and prints a line after each write has returned, so the test knows what was
 * complete when it killed the process. It ends itself if the test process is gone (testing/orphan-guard.ts).
 *
 *   crash-writer.mjs json <file>       rewrites <file> atomically with an increasing counter
 *   crash-writer.mjs database <file>   adds user messages and streams an answer into the database
 *   crash-writer.mjs settings <dir>    changes a setting of the settings store in <dir> over and over
 */
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const storageDir = fileURLToPath(new URL('..', import.meta.url));
const contractDir = fileURLToPath(new URL('../../../../src-contract/', import.meta.url));

registerHooks({
  resolve(specifier, context, next) {
    let target = specifier;
    if (specifier.startsWith('@contract/')) {
      target = pathToFileURL(join(contractDir, `${specifier.slice('@contract/'.length)}.ts`)).href;
    } else if (
      /^\.\.?\//.test(specifier) &&
      !/\.[cm]?[jt]s$/.test(specifier) &&
      context.parentURL?.endsWith('.ts')
    ) {
      const candidate = fileURLToPath(new URL(`${specifier}.ts`, context.parentURL));
      if (existsSync(candidate)) target = pathToFileURL(candidate).href;
    }
    return next(target, context);
  },
});

const load = (name) => import(pathToFileURL(join(storageDir, name)).href);
const [mode, file] = process.argv.slice(2);
const { exitWhenOrphaned } = await load('testing/orphan-guard.ts');
const stillWanted = exitWhenOrphaned();
/** Prints a line, after ending the process if the test that started it is gone (the loops never yield). */
const say = (line) => {
  stillWanted();
  process.stdout.write(`${line}\n`);
};

if (mode === 'json') {
  const { writeJsonAtomic } = await load('atomic-file.ts');
  const padding = 'x'.repeat(64 * 1024);
  for (let n = 1; ; n++) {
    writeJsonAtomic(file, { n, padding });
    say(`wrote ${n}`);
  }
} else if (mode === 'database') {
  const { Database } = await load('database.ts');
  const { AttachmentStore } = await load('attachments.ts');
  const { ConversationStore } = await load('conversations.ts');
  const db = new Database(file);
  const attachments = new AttachmentStore(db, { dir: join(file, '..', 'attachments') });
  const store = new ConversationStore(db, { attachments });
  const conversation = store.create({ title: 'crash test' });
  say(`conversation ${conversation.id}`);
  for (let n = 1; ; n++) {
    store.addUserMessage({ conversationId: conversation.id, text: `question ${n}` });
    say(`user ${n}`);
    const answer = store.createAssistantMessage({ conversationId: conversation.id, model: 'openai:gpt-4.1' });
    say(`answer ${answer.id}`);
    for (let i = 1; i <= 50; i++) {
      store.appendStreamed(answer.id, `t${n}.${i} `);
      say(`token t${n}.${i} `);
    }
    store.finishAssistantMessage(answer.id, { status: 'complete', costMicros: 10 });
    say(`finished ${n}`);
  }
} else if (mode === 'settings') {
  const { SettingsStore } = await load('settings.ts');
  const settings = new SettingsStore({ dir: file });
  for (let n = 1; ; n++) {
    settings.updateSettings({ defaultProfileId: `profile-${n}` });
    say(`wrote ${n}`);
  }
} else {
  throw new Error(`Unknown mode ${mode}`);
}
