import { describe, expect, it, vi } from 'vitest';

// The Electron binary is not needed to check the options: window.ts only reads
// BrowserWindow at call time, so a stand-in module is enough to import it.
vi.mock('electron', () => ({ BrowserWindow: class BrowserWindowStandIn {} }));

const { buildWebPreferences } = await import('../../../electron/main/window');

describe('buildWebPreferences', () => {
  const preferences = buildWebPreferences('/app/out/preload/index.cjs');

  it('isolates and sandboxes the renderer', () => {
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('turns on nothing experimental', () => {
    expect(preferences.experimentalFeatures).toBe(false);
    expect(preferences).not.toHaveProperty('enableBlinkFeatures');
    expect(preferences.navigateOnDragDrop).toBe(false);
  });

  it('loads the CommonJS preload it is given', () => {
    expect(preferences.preload).toBe('/app/out/preload/index.cjs');
  });
});
