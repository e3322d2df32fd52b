import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REQUIRED_FUSES } from '../src-main/hosts/electron/security';

const root = join(import.meta.dirname, '..');
type Platform = { target: string[]; icon?: string; hardenedRuntime?: boolean; entitlements?: string };
type BuilderConfig = {
  electronFuses?: Record<string, unknown>;
  linux: Platform;
  mac: Platform;
  win: Platform;
  asar: boolean;
  files: string[];
};
const config = parse(readFileSync(join(root, 'build/electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('packaging configuration (electron-builder)', () => {
  it("is valid against electron-builder's own schema", () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('sets every security fuse the shell requires', () => {
    for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) {
      expect(config.electronFuses?.[fuse], fuse).toBe(value);
    }
  });

  it('builds AppImage and deb, dmg and nsis, with icons and entitlements that exist', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const file of [
      config.mac.icon,
      config.win.icon,
      config.mac.entitlements,
      'build/icons/512x512.png',
    ]) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
  });

  it('packs the built app in an ASAR, without the test-only Node binary or sources', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toContain('out/**/*');
    expect(config.files).toContain('!node_modules/node-*/**');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('out/main/index.js');
  });
});
