/**
 * Where Modeldesk keeps its data: `--data-dir <path>` (or `--data-dir=<path>`) on the command line, else
 * `MODELDESK_DATA_DIR`, else the default the host passes (Electron's userData, or ~/.modeldesk-web for the web
 * host). Tests and a second profile stay apart by pointing at another folder.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type DataDirSources = {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  defaultDir: string;
};

function fromArgv(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--data-dir') {
      const value = argv[i + 1];
      if (value === undefined || value === '' || value.startsWith('--')) {
        throw new Error('--data-dir needs a folder after it, for example --data-dir ~/modeldesk-test.');
      }
      found = value;
      i++;
    } else if (arg.startsWith('--data-dir=')) {
      const value = arg.slice('--data-dir='.length);
      if (value === '')
        throw new Error('--data-dir= needs a folder, for example --data-dir=~/modeldesk-test.');
      found = value;
    }
  }
  return found;
}

function expandHome(path: string, env: DataDirSources['env']): string {
  const home = env.HOME ?? env.USERPROFILE;
  if (home && (path === '~' || path.startsWith('~/'))) return join(home, path.slice(1));
  return path;
}

/** Resolves the data directory (absolute), creates it if needed (readable by its owner only) and returns it. */
export function resolveDataDir(sources: DataDirSources): string {
  const chosen =
    fromArgv(sources.argv) ?? (sources.env.MODELDESK_DATA_DIR || undefined) ?? sources.defaultDir;
  const dir = resolve(expandHome(chosen, sources.env));
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Modeldesk cannot use the data folder ${dir}: ${reason}. Choose another with --data-dir.`,
      { cause: error },
    );
  }
  return dir;
}

/** The files and folders inside a data directory. */
export function dataPaths(dataDir: string) {
  return {
    database: join(dataDir, 'modeldesk.db'),
    settings: join(dataDir, 'settings.json'),
    vault: join(dataDir, 'vault.json'),
    attachments: join(dataDir, 'attachments'),
    logs: join(dataDir, 'logs'),
    /** Files in transit (uploads, exports, backups being written); emptied on every start. */
    transfer: join(dataDir, 'transfer'),
  };
}
export type DataPaths = ReturnType<typeof dataPaths>;
