/**
 * The Node inspector of a process the benchmark started with `--inspect`: a full garbage collection and the heap
 * in use after it, so memory figures count what is retained rather than what the collector has not reached yet.
 */
import WebSocket from 'ws';

const LISTENING = /Debugger listening on (ws:\/\/\S+)/;

/** The inspector's WebSocket URL, from what the process printed. */
export function inspectorUrl(printed: string): string | null {
  return LISTENING.exec(printed)?.[1] ?? null;
}

export async function heapAfterGc(url: string): Promise<number> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const send = (method: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as {
          id?: number;
          result?: Record<string, unknown>;
          error?: unknown;
        };
        if (message.id !== id) return;
        socket.off('message', onMessage);
        if (message.error) reject(new Error(`${method} failed: ${JSON.stringify(message.error)}`));
        else resolve(message.result ?? {});
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  try {
    await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.collectGarbage');
    const usage = await send('Runtime.getHeapUsage');
    return usage.usedSize as number;
  } finally {
    socket.close();
  }
}
