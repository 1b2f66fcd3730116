import { dirname, join } from 'node:path';
import { app, dialog, ipcMain, nativeTheme, protocol, type BrowserWindow } from 'electron';
import { openCore, type Core } from '../core/createCore';
import { isCoreError } from '../core/errors';
import { forwardCoreEvents, registerIpc } from './ipc';
import { APP_ENTRY_URL, APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol';
import { createTrustedSenderCheck } from './senderTrust';
import { openUiSettings } from './uiSettings';
import { createMainWindow } from './window';

// Bundled into out/main/index.js; the preload and renderer builds sit beside it.
const outDir = join(import.meta.dirname, '..');
const preloadPath = join(outDir, 'preload', 'index.cjs');
const rendererDir = join(outDir, 'renderer');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

// A data folder given in the environment (tests, portable installs) gets its own Electron
// profile beside it, so such a run never touches the user's real window settings.
const dataDirOverride = process.env.ARCFLUX_DATA_DIR;
if (dataDirOverride) app.setPath('userData', join(dirname(dataDirOverride), 'electron-profile'));

registerAppScheme(protocol);

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another ArcFlux owns the data folder; it is told to come forward instead.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!core) return;
    const closing = core;
    core = null;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const dataDir = dataDirOverride ?? join(app.getPath('userData'), 'data');
  try {
    core = await openCore({ dataDir, owner: 'the ArcFlux desktop app' });
  } catch (error) {
    const message = isCoreError(error)
      ? error.message
      : `ArcFlux could not open its data folder ${dataDir}. Restart ArcFlux; if this repeats, report it with the log.`;
    console.error('ArcFlux could not start:', error);
    dialog.showErrorBox('ArcFlux could not start', message);
    app.exit(1);
    return;
  }

  const uiSettings = openUiSettings(app.getPath('userData'));
  const { windowBounds, theme } = uiSettings.read();
  nativeTheme.themeSource = theme;

  serveRenderer(protocol, rendererDir);
  const allowedOrigins = devServerUrl ? [APP_ORIGIN, devServerUrl] : [APP_ORIGIN];
  registerIpc(
    ipcMain,
    core,
    createTrustedSenderCheck(() => mainWindow, allowedOrigins),
  );
  forwardCoreEvents(core, () =>
    mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null,
  );

  mainWindow = createMainWindow({
    preloadPath,
    entryUrl: devServerUrl ?? APP_ENTRY_URL,
    bounds: windowBounds,
    onBoundsChange: (bounds) => uiSettings.saveWindowBounds(bounds),
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}
