/**
 * The main-process log: JSON lines through pino into `<data dir>/logs/main.log`, rotated by
 * rotating-file-stream (by size, a few files kept). Everything goes through the redactor first: message, data
 * and errors, so no key, header, e-mail, phone or card number reaches the file. Prompts and answers are left
 * out (replaced by their length) unless the user turned `privacy.logPrompts` on.
 */
import { mkdirSync } from 'node:fs';
import pino, { type Logger as PinoLogger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { MAX_LOGGED_STRING, type Redactor } from '../redaction/redact';

/** A prompt or answer logged while prompt logging is on keeps this much (it is for reading, not archiving). */
const MAX_LOGGED_CONTENT = 262_144;

export type LogData = Record<string, unknown>;
export type Logger = {
  debug(message: string, data?: LogData): void;
  info(message: string, data?: LogData): void;
  warn(message: string, data?: LogData): void;
  /** `detail` may be an Error (its message, stack and fields are redacted too). */
  error(message: string, detail?: unknown): void;
  /** A prompt or an answer: written only while `privacy.logPrompts` is on. */
  content(kind: 'prompt' | 'answer', text: string, data?: LogData): void;
  /** A logger that adds these fields to every line (`{ area: 'chat' }`). */
  child(bindings: LogData): Logger;
  /** Flushes and closes the file. */
  close(): Promise<void>;
};

export type LoggerOptions = {
  /** The logs folder (`dataPaths(dataDir).logs`). */
  dir: string;
  redactor: Redactor;
  /** Read on every line, so turning the setting on or off applies at once. */
  logPrompts: () => boolean;
  level?: 'debug' | 'info' | 'warn' | 'error';
  /** Rotate when the file reaches this size (rotating-file-stream syntax). */
  maxSize?: `${number}${'K' | 'M'}`;
  /** Rotated files kept. */
  maxFiles?: number;
};

export const LOG_FILE = 'main.log';

function wrap(log: PinoLogger, options: LoggerOptions, close: () => Promise<void>): Logger {
  const { redactor } = options;
  const clean = (data: LogData | undefined) =>
    data ? (redactor.redactValue(data, { hideContent: !options.logPrompts() }) as LogData) : {};
  const line = (message: string) => redactor.redactClipped(message, MAX_LOGGED_STRING);
  return {
    debug: (message, data) => log.debug(clean(data), line(message)),
    info: (message, data) => log.info(clean(data), line(message)),
    warn: (message, data) => log.warn(clean(data), line(message)),
    error: (message, detail) =>
      log.error(
        detail instanceof Error ? clean({ err: detail }) : clean(detail as LogData | undefined),
        line(message),
      ),
    content: (kind, text, data) => {
      if (!options.logPrompts()) return;
      log.info(
        { ...clean(data), [kind]: redactor.redactClipped(text, MAX_LOGGED_CONTENT) },
        `${kind} (logged because prompt logging is on)`,
      );
    },
    child: (bindings) => wrap(log.child(clean(bindings)), options, close),
    close,
  };
}

export function createLogger(options: LoggerOptions): Logger {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const stream: RotatingFileStream = createStream(LOG_FILE, {
    path: options.dir,
    size: options.maxSize ?? '5M',
    rotate: options.maxFiles ?? 5,
    mode: 0o600,
  });
  const log = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= new Promise<void>((resolve) => stream.end(() => resolve())));
  return wrap(log, options, close);
}
