/**
 * Writes conversations into a data directory before a host starts, with the app's own storage layer (the
 * ConversationStore the host reads them with): history that would be slow or impossible to make through the UI.
 */
import { AttachmentStore } from '../../src-main/core/storage/attachments';
import { ConversationStore } from '../../src-main/core/storage/conversations';
import { dataPaths } from '../../src-main/core/storage/data-dir';
import { Database } from '../../src-main/core/storage/database';

export function seedConversations(
  dataDir: string,
  write: (store: ConversationStore, db: Database) => void,
): void {
  const paths = dataPaths(dataDir);
  const db = new Database(paths.database);
  try {
    write(
      new ConversationStore(db, { attachments: new AttachmentStore(db, { dir: paths.attachments }) }),
      db,
    );
  } finally {
    db.close();
  }
}
