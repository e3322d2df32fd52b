/**
 * The control API, for tests and benchmarks that drive an emulator running in another process:
 *   GET    /__emulator           -> { url, baseURLs, rules }
 *   POST   /__emulator/rules     body: a Rule or Rule[] (times: "Infinity" for a rule that never runs out)
 *   GET    /__emulator/rules     -> the rules in play, with their uses left
 *   DELETE /__emulator/rules     forgets the rules
 *   POST   /__emulator/reset     forgets rules and recorded requests
 *   GET    /__emulator/requests  -> RecordedRequest[]
 *   GET    /__emulator/idle      answers once no provider request is in flight
 * Bad input gets a 400 with `{ error }` saying what to fix.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Recorder } from './recorder';
import type { RuleBook } from './rules';
import type { EmulatorBaseURLs } from './types';

export const CONTROL_PREFIX = '/__emulator';

export type ControlContext = {
  rules: RuleBook;
  recorder: Recorder;
  url: string;
  baseURLs: EmulatorBaseURLs;
  reset: () => void;
};

function reply(res: ServerResponse, status: number, payload?: unknown): void {
  if (payload === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(payload, (_key, value: unknown) =>
    value instanceof Uint8Array
      ? Buffer.from(value).toString('utf8')
      : value === Infinity
        ? 'Infinity'
        : value,
  );
  res.writeHead(status, { 'content-type': 'application/json' }).end(text);
}

export async function handleControlRequest(
  ctx: ControlContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  raw: string,
): Promise<void> {
  const route = `${req.method ?? 'GET'} ${path.slice(CONTROL_PREFIX.length) || '/'}`;
  switch (route) {
    case 'GET /':
      return reply(res, 200, { url: ctx.url, baseURLs: ctx.baseURLs, rules: ctx.rules.list().length });
    case 'POST /rules': {
      let input: unknown;
      try {
        input = JSON.parse(raw) as unknown;
      } catch {
        return reply(res, 400, { error: 'The body must be JSON: a rule object or an array of rules.' });
      }
      try {
        ctx.rules.add(Array.isArray(input) ? input : [input]);
      } catch (error) {
        return reply(res, 400, { error: (error as Error).message });
      }
      return reply(res, 201, { rules: ctx.rules.list().length });
    }
    case 'GET /rules':
      return reply(res, 200, ctx.rules.list());
    case 'DELETE /rules':
      ctx.rules.clear();
      return reply(res, 204);
    case 'POST /reset':
      ctx.reset();
      return reply(res, 204);
    case 'GET /requests':
      return reply(res, 200, ctx.recorder.requests);
    case 'GET /idle':
      await ctx.recorder.idle();
      return reply(res, 204);
    default:
      return reply(res, 404, {
        error: `No control endpoint ${route}. See src-main/emulator/control.ts for the list.`,
      });
  }
}
