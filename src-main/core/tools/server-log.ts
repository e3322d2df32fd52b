/**
 * A server's bounded log: what a stdio server wrote to stderr, line by line, and what Modeldesk saw happen to it
 * (started, exited, stopped when idle). Every line is redacted (vault secrets, key shapes, personal data) before
 * it is kept, cut to a length, and only the newest lines are kept, across restarts, so a crash can be read after.
 */
import type { McpLogLine } from '@contract/tools';

export const LOG_LINES = 300;
export const LOG_LINE_CHARS = 1000;

export class ServerLog {
  private readonly entries: McpLogLine[] = [];
  private partial = '';
  /** Lines ever kept, and how many there were when the current run of the server began. */
  private pushed = 0;
  private runFrom = 0;

  constructor(
    private readonly redact: (text: string) => string,
    private readonly now: () => number = Date.now,
    private readonly max = LOG_LINES,
  ) {}

  event(level: McpLogLine['level'], text: string): void {
    this.push({ at: this.now(), source: 'event', level, text });
  }

  /** The server is being started: the log goes on, but why this run fails is read from here on. */
  beginRun(text: string): void {
    this.partial = '';
    this.runFrom = this.pushed;
    this.event('info', text);
  }

  /** A chunk of stderr: complete lines are kept, a partial line waits for its end (bounded). */
  stderr(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split(/\r?\n/);
    this.partial = (lines.pop() ?? '').slice(0, LOG_LINE_CHARS * 4);
    for (const line of lines) if (line.trim() !== '') this.push(this.stderrLine(line));
  }

  /** Keeps a partial stderr line that will not be completed (the process ended). */
  flush(): void {
    if (this.partial.trim() !== '') this.push(this.stderrLine(this.partial));
    this.partial = '';
  }

  lines(): McpLogLine[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** The last stderr lines of the current run, for messages about why a server exited. */
  stderrTail(count = 3): string[] {
    const firstOfRun = Math.max(0, this.runFrom - (this.pushed - this.entries.length));
    const tail = this.entries
      .slice(firstOfRun)
      .filter((e) => e.source === 'stderr')
      .slice(-count);
    return [...tail.map((e) => e.text), ...(this.partial.trim() ? [this.redact(this.partial)] : [])].slice(
      -count,
    );
  }

  private stderrLine(line: string): McpLogLine {
    return {
      at: this.now(),
      source: 'stderr',
      level: /error|fatal|exception/i.test(line) ? 'error' : 'info',
      text: line,
    };
  }

  private push(entry: McpLogLine): void {
    // Redact before cutting, so a secret split by the cut cannot survive in part.
    const clean = this.redact(entry.text);
    const text = clean.length > LOG_LINE_CHARS ? `${clean.slice(0, LOG_LINE_CHARS - 1)}…` : clean;
    this.entries.push({ ...entry, text });
    this.pushed++;
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
  }
}
