/**
 * The web host's upload and download endpoints for transfers: only this run's page (secret and origin) may send a
 * file, a file over the limit is refused while it arrives, and an artifact is served as an attachment only with
 * the secret.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../core/bridge/events';
import { createBridgeRouter, type CallHandlers } from '../../core/bridge/router';
import type { HostableCore } from '../../core/hostable';
import { transferEndpoints } from '../../core/transfer/handlers';
import { TransferStaging } from '../../core/transfer/staging';
import { startWebHost, type WebHost } from './server';
import { contentDisposition } from './transfer-http';

let host: WebHost;
let staging: TransferStaging;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modeldesk-transfer-http-'));
  staging = new TransferStaging(join(dir, 'transfer'), { maxUploadBytes: 1024 });
  const core: HostableCore = {
    router: createBridgeRouter({} as CallHandlers, { redact: (t) => t }),
    events: new EventBus(),
    transfers: transferEndpoints(staging),
    attachmentFile: async () => null,
    clientConnected: () => {},
    clientDisconnected: () => {},
    dispose: async () => {},
  };
  host = await startWebHost({ core, rendererDir: dir });
});

afterAll(() => host.close());

const upload = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
  fetch(`${host.origin}/transfer/uploads`, { method: 'POST', headers, body });

describe('uploads', () => {
  it("take a file from this run's page, streamed to the staging folder", async () => {
    const response = await upload('[{"title": "x"}]', {
      'x-modeldesk-secret': host.secret,
      origin: host.origin,
      'x-modeldesk-filename': encodeURIComponent('../../conversations é.json'),
    });
    expect(response.status).toBe(200);
    const info = (await response.json()) as { uploadId: string; name: string; bytes: number };
    expect(info).toMatchObject({ name: 'conversations é.json', bytes: 16 });
    expect(readdirSync(staging.dir)).toContain(info.uploadId);
  });

  it('refuse a page without the secret or from another origin, and a file over the limit', async () => {
    expect((await upload('x', { origin: host.origin })).status).toBe(403);
    expect((await upload('x', { 'x-modeldesk-secret': 'wrong', origin: host.origin })).status).toBe(403);
    expect(
      (await upload('x', { 'x-modeldesk-secret': host.secret, origin: 'https://evil.example' })).status,
    ).toBe(403);
    const before = readdirSync(staging.dir).length;
    const big = await upload(new Uint8Array(5000), {
      'x-modeldesk-secret': host.secret,
      origin: host.origin,
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toMatch(/reads files up to/);
    expect(readdirSync(staging.dir).length).toBe(before);
    expect((await fetch(`${host.origin}/transfer/uploads`)).status).toBe(405);
  });
});

describe('downloads', () => {
  it('serve an artifact as an attachment, only with the secret', async () => {
    const { artifactId, path } = staging.createArtifact();
    writeFileSync(path, '# Notes\n');
    staging.finishArtifact(artifactId, path, 'Grüße.md', 'text/markdown');
    const url = `${host.origin}/transfer/artifacts/${artifactId}`;
    expect((await fetch(url)).status).toBe(403);
    expect((await fetch(`${url}?secret=nope`)).status).toBe(403);
    expect(
      (
        await fetch(
          `${host.origin}/transfer/artifacts/out-00000000-0000-0000-0000-000000000000?secret=${encodeURIComponent(host.secret)}`,
        )
      ).status,
    ).toBe(404);
    const ok = await fetch(`${url}?secret=${encodeURIComponent(host.secret)}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toBe(contentDisposition('Grüße.md'));
    expect(ok.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Gr__e\.md"; filename\*=UTF-8''Gr%C3%BC%C3%9Fe\.md$/,
    );
    expect(await ok.text()).toBe('# Notes\n');
  });
});
