import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  checkExternalUrl,
  isAllowedRendererRequest,
  isTrustedSender,
  permissionDecision,
  secureWebPreferences,
  shouldPreventNavigation,
  windowOpenDecision,
} from './security';

describe('Electron security checklist decisions', () => {
  const prefs = secureWebPreferences('/app/preload.cjs', { devTools: false });

  it('2, 3, 4: no Node integration anywhere, context isolation and the sandbox on', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
  });

  it('6, 8, 9, 10, 11: web security on, no insecure content, no experimental or Blink features, no webview', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect('enableBlinkFeatures' in prefs).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('5: every permission request is denied', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'hid',
    ]) {
      expect(permissionDecision(p)).toBe(false);
    }
  });

  it('13: navigation is prevented, even to the app itself', () => {
    expect(shouldPreventNavigation('https://evil.example/')).toBe(true);
    expect(shouldPreventNavigation(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(shouldPreventNavigation('file:///etc/passwd')).toBe(true);
  });

  it('14: new windows are denied; https links go to the browser, other schemes nowhere', () => {
    expect(windowOpenDecision('https://example.com/docs')).toEqual({ action: 'deny', openExternally: true });
    expect(windowOpenDecision('http://example.com/')).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('javascript:alert(1)')).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: false });
  });

  it('15: openExternal takes only https links without credentials', () => {
    expect(checkExternalUrl('https://example.com/a?b=c')).toEqual({
      ok: true,
      url: 'https://example.com/a?b=c',
    });
    for (const bad of [
      'http://example.com',
      'javascript:alert(1)',
      'smb://host/share',
      'data:text/html,x',
      'not a url',
    ]) {
      expect(checkExternalUrl(bad).ok).toBe(false);
    }
    expect(checkExternalUrl('https://user:pw@example.com/').ok).toBe(false);
    expect(checkExternalUrl('https://example.com/' + 'a'.repeat(5000)).ok).toBe(false);
    const refused = checkExternalUrl('ftp://example.com');
    expect(refused.ok === false && refused.reason).toMatch(/Only https links/);
  });

  it('17: IPC is accepted only from the main frame of our own origin', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///app/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'app://evil/index.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    // The dev server is trusted only when main passes its origin (never in a packaged app).
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null }, 'http://localhost:5173')).toBe(
      true,
    );
  });

  it('18: the app:// scheme is standard and secure but bypasses nothing', () => {
    expect(APP_SCHEME_PRIVILEGES.standard).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.secure).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.bypassCSP).toBe(false);
    expect(APP_SCHEME_PRIVILEGES.corsEnabled).toBe(false);
    expect(APP_SCHEME_PRIVILEGES.allowServiceWorkers).toBe(false);
  });

  it('the renderer may not reach the network: only app://, data: and blob: requests pass', () => {
    expect(isAllowedRendererRequest(`${APP_ORIGIN}/assets/index.js`)).toBe(true);
    expect(isAllowedRendererRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRendererRequest('https://api.openai.com/v1/chat/completions')).toBe(false);
    expect(isAllowedRendererRequest('http://127.0.0.1:11434/api/tags')).toBe(false);
    expect(isAllowedRendererRequest('app://modeldesk.evil.example/')).toBe(false);
  });
});
