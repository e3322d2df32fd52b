import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../core/bridge/events';
import { createBridgeRouter, type CallHandlers } from '../../core/bridge/router';
import { createAppProtocolHandler, resolveInside } from './app-protocol';

const dir = mkdtempSync(join(tmpdir(), 'md-protocol-'));
mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Modeldesk</title>');
writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(dir, 'secret.txt'), 'do not serve');
writeFileSync(join(dir, 'image.png'), 'png!');
const HASH = 'c'.repeat(64);

const handle = createAppProtocolHandler({
  rendererDir: join(dir, 'renderer'),
  core: {
    router: createBridgeRouter({} as CallHandlers, { redact: (t) => t }),
    events: new EventBus(),
    attachmentFile: async (hash) =>
      hash === HASH ? { path: join(dir, 'image.png'), mediaType: 'image/png', bytes: 4 } : null,
    clientConnected: () => {},
    clientDisconnected: () => {},
    dispose: async () => {},
  },
});

describe('app:// protocol', () => {
  it('serves the renderer with the strict CSP and the right types', async () => {
    const index = await handle(new Request('app://modeldesk/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'none'");
    const js = await handle(new Request('app://modeldesk/assets/app.js'));
    expect(js.headers.get('content-type')).toContain('text/javascript');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '..%2fsecret.txt',
      '%2e%2e/secret.txt',
      '..%5csecret.txt',
      '%2e%2e%2f%2e%2e%2fsecret.txt',
    ]) {
      const res = await handle(new Request(`app://modeldesk/${path}`));
      expect(res.status, path).not.toBe(200);
    }
    expect((await handle(new Request('app://modeldesk/..%2fsecret.txt'))).status).toBe(403);
    expect(resolveInside('/a/renderer', '/../secret.txt')).toBeNull();
    expect(resolveInside('/a/renderer', '/x%00.js')).toBeNull();
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('serves stored attachments by hash only', async () => {
    const ok = await handle(new Request(`app://modeldesk/attachments/${HASH}`));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect((await handle(new Request('app://modeldesk/attachments/../../secret.txt'))).status).not.toBe(200);
    expect((await handle(new Request(`app://modeldesk/attachments/${'d'.repeat(64)}`))).status).toBe(404);
  });
});
