import { BrowserWindow, shell, type WebPreferences } from 'electron';
import { isPermissionAllowed, isPermissionCheckAllowed, openExternalIfSafe } from './permissions';
import type { WindowBounds } from './uiSettings';

/**
 * The renderer is treated as untrusted: no Node, an isolated preload world, Chromium's
 * sandbox, and the same-origin policy. Exported so a unit test pins every value.
 */
export function buildWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  /** app://arcflux/index.html, or the dev server's URL in development. */
  entryUrl: string;
  bounds: WindowBounds | null;
  /** Our own origins: the only pages that may use the microphone. */
  allowedOrigins: readonly string[];
  onBoundsChange(bounds: WindowBounds): void;
}

/**
 * Creates the one main window. It may not navigate away from the app, open new windows or
 * attach webviews; web links the user clicks open in the system browser. The only
 * permission it can get is the microphone, for our own pages.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...(options.bounds ?? { width: 1200, height: 800 }),
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'ArcFlux',
    autoHideMenuBar: true,
    webPreferences: buildWebPreferences(options.preloadPath),
  });

  const { webContents } = window;
  webContents.on('will-navigate', (event) => event.preventDefault());
  webContents.on('will-redirect', (event) => event.preventDefault());
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(({ url, disposition }) => {
    openExternalIfSafe(url, disposition, (link) => shell.openExternal(link));
    return { action: 'deny' };
  });
  webContents.session.setPermissionRequestHandler((_contents, permission, respond, details) =>
    respond(isPermissionAllowed(permission, details, options.allowedOrigins)),
  );
  webContents.session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionCheckAllowed(permission, requestingOrigin, options.allowedOrigins),
  );

  window.once('ready-to-show', () => window.show());
  // Bounds are saved when the window settles, not on every pixel of a drag.
  const saveBounds = () => {
    if (!window.isDestroyed() && !window.isMinimized() && !window.isFullScreen()) {
      options.onBoundsChange(window.getNormalBounds());
    }
  };
  window.on('resized', saveBounds);
  window.on('moved', saveBounds);
  window.on('close', saveBounds);

  void window.loadURL(options.entryUrl);
  return window;
}
