/**
 * A data folder with the real stores (SQLite database, image store, conversations, ledger, settings) and a
 * transfer service over them, for the transfer tests: upload a file as the web host would, start a job, wait for
 * its end, and look at what changed.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { TransferJob, TransferResult } from '@contract/transfer';
import { Catalogue } from '../../catalogue/catalogue';
import { Ledger } from '../../ledger/ledger';
import { AttachmentStore } from '../../storage/attachments';
import { ConversationStore } from '../../storage/conversations';
import { Database } from '../../storage/database';
import { dataPaths } from '../../storage/data-dir';
import { SettingsStore } from '../../storage/settings';
import { makeTempDir } from '../../storage/testing/fixtures';
import { TransferStaging } from '../staging';
import { TransferService } from '../transfer-service';

export type Harness = Awaited<ReturnType<typeof openHarness>>;

export async function openHarness(dir = makeTempDir('modeldesk-transfer-').dir) {
  const paths = dataPaths(dir);
  const db = new Database(paths.database);
  const attachments = new AttachmentStore(db, { dir: paths.attachments });
  const conversations = new ConversationStore(db, { attachments });
  const ledger = new Ledger(db, { timeZone: 'UTC' });
  const settings = new SettingsStore({ dir });
  const staging = new TransferStaging(paths.transfer);
  const catalogue = new Catalogue();
  const events: TransferJob[] = [];
  const changed: string[][] = [];
  const service = new TransferService({
    db,
    conversations,
    attachments,
    ledger,
    settings,
    staging,
    appVersion: 'test',
    modelName: (ref) => catalogue.find(ref)?.displayName ?? ref,
    isKnownModel: (id) => catalogue.find(id) !== undefined,
    emit: (job) => events.push(job),
    conversationsChanged: (ids) => changed.push(ids),
  });

  /** Waits for the job's last event and returns its result, or throws its error. */
  const finish = async (job: TransferJob): Promise<TransferResult> => {
    for (;;) {
      const last = events.filter((e) => e.jobId === job.jobId).at(-1);
      if (last && last.state !== 'running') {
        if (last.state === 'done' && last.result) return last.result;
        throw Object.assign(new Error(last.error?.message ?? last.state), { job: last });
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  return {
    dir,
    db,
    attachments,
    conversations,
    ledger,
    settings,
    staging,
    service,
    events,
    changed,
    finish,
    async upload(file: string | Buffer, name = 'upload') {
      const bytes = typeof file === 'string' ? readFileSync(file) : file;
      return staging.receive({ name, body: Readable.from([bytes]), declaredBytes: bytes.length });
    },
    /** Downloads an artifact's bytes, as the web host would serve them. */
    artifactBytes(result: TransferResult): { filename: string; bytes: Buffer } {
      if (result.type !== 'artifact') throw new Error(`not an artifact: ${result.type}`);
      const artifact = staging.artifact(result.artifact.artifactId)!;
      return { filename: artifact.filename, bytes: readFileSync(artifact.path) };
    },
    /** Everything a person would compare: each conversation with its messages, and the ledger. */
    snapshot() {
      const list = conversations.list().map((c) => {
        const full = conversations.get(c.id)!;
        return {
          conversation: { ...full.conversation },
          messages: full.messages,
        };
      });
      return { conversations: list, ledger: [...ledger.all()], databaseBytes: statSync(paths.database).size };
    },
    close() {
      service.dispose();
      db.close();
    },
    path: (name: string) => join(dir, name),
  };
}
