/** What a snapshot's file name says of it: `genai-prices-npm-0.1.8-providers.2026-09-23.json` → 0.1.8, 2026-09-23. */
export function describeSnapshotName(name: string): { version?: string; date?: string } {
  const out: { version?: string; date?: string } = {};
  const version = /(?:npm|@)[-_]?(\d+\.\d+\.\d+)/.exec(name)?.[1];
  const date = /(\d{4}-\d{2}-\d{2})(?:\.json)?$/.exec(name)?.[1];
  if (version) out.version = version;
  if (date) out.date = date;
  return out;
}
