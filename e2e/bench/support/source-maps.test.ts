import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { decodeMappings, decodeSegment, moduleName, SourceMaps } from './source-maps';

describe('source maps', () => {
  test('Base64 VLQ: small, negative and multi-digit values', () => {
    expect(decodeSegment('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeSegment('KCAD')).toEqual([5, 1, 0, -1]);
    expect(decodeSegment('gB')).toEqual([16]);
    expect(() => decodeSegment('A*')).toThrow('"*" is not Base64 VLQ.');
  });

  test('mappings: columns restart on each line, source indexes carry over', () => {
    expect(decodeMappings('AAAA,KCAA;ADAA;;A')).toEqual([
      [
        [0, 0],
        [5, 1],
      ],
      [[0, 0]],
      [],
      [],
    ]);
  });

  test('module names: packages by name, the app by its path', () => {
    expect(moduleName('../../../node_modules/react-dom/cjs/react-dom-client.production.js')).toBe(
      'react-dom',
    );
    expect(moduleName('../../node_modules/@tanstack/virtual/dist/index.js')).toBe('@tanstack/virtual');
    expect(moduleName('../../../src-renderer/src/stores/stream.ts')).toBe('src/stores/stream.ts');
    expect(moduleName('../../../src-contract/bridge.ts')).toBe('src-contract/bridge.ts');
  });

  const dir = mkdtempSync(join(tmpdir(), 'bench-maps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a position in a served script maps to the module its code came from', () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'assets/index-abc.js.map'),
      JSON.stringify({
        version: 3,
        sources: ['../../node_modules/react-dom/cjs/x.js', '../../src-renderer/src/app/App.tsx'],
        names: [],
        mappings: 'AAAA,KCAA;ADAA',
      }),
    );
    const maps = new SourceMaps(dir);
    const url = 'http://127.0.0.1:4000/assets/index-abc.js';
    expect(maps.moduleAt(url, 0, 3)).toBe('react-dom');
    expect(maps.moduleAt(url, 0, 7)).toBe('src/app/App.tsx');
    expect(maps.moduleAt(url, 1, 10)).toBe('react-dom');
    expect(maps.moduleAt(url, 2, 0)).toBeNull();
    expect(maps.moduleAt('http://127.0.0.1:4000/assets/other.js', 0, 0)).toBeNull();
    expect(maps.moduleAt('', 0, 0)).toBeNull();
  });
});
