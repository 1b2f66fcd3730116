import { dirname, join } from 'node:path';
import {
  app,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  Tray,
  type BrowserWindow,
} from 'electron';
import { loadSystemConfig } from '../core/config/systemConfig';
import { openCore, type Core } from '../core/createCore';
import { isCoreError } from '../core/errors';
import { defaultConfigPath } from '../core/paths';
import { registerDesktopIpc, sendPushToTalk } from './desktopIpc';
import { registerDownloadIpc } from './downloadIpc';
import { forwardDesktopNotifications } from './desktopNotifications';
import { forwardCoreEvents, registerIpc } from './ipc';
import { describeIgnored, readLaunchEnvironment } from './launchEnvironment';
import { APP_ENTRY_URL, APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol';
import { createHouseholdStore } from './householdStore';
import { createPushToTalkShortcut } from './pushToTalkShortcut';
import { checkSchedulerOnResume } from './resume';
import { createSecretStore, secretFileAt, type SecretStore } from './secretStore';
import { createTrustedSenderCheck } from './senderTrust';
import { createTrayController, watchPendingConfirmations } from './tray';
import { openUiSettings } from './uiSettings';
import { createMainWindow } from './window';

// Bundled into out/main/index.js; the preload and renderer builds sit beside it.
const outDir = join(import.meta.dirname, '..');
const preloadPath = join(outDir, 'preload', 'index.cjs');
const rendererDir = join(outDir, 'renderer');
const resourcesDir = app.isPackaged ? process.resourcesPath : join(outDir, '..', 'resources');
// Development settings from the environment count only in an unpackaged app (see
// launchEnvironment.ts and SECURITY.md, "What the packaged app takes from the environment").
const launch = readLaunchEnvironment({
  isPackaged: app.isPackaged,
  env: process.env,
  argv: process.argv,
  platform: process.platform,
});
for (const each of launch.ignored) console.warn(describeIgnored(each));
const devServerUrl = launch.rendererUrl;

// A data folder given in the environment (tests, development) gets its own Electron
// profile beside it, so such a run never touches the user's real window settings.
const dataDirOverride = launch.dataDirOverride;
if (dataDirOverride) app.setPath('userData', join(dirname(dataDirOverride), 'electron-profile'));

registerAppScheme(protocol);

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
const cleanups: (() => void)[] = [];

if (launch.refusedSwitches.length > 0) {
  // Checked before any window exists, so no page is ever reachable through the debugger.
  dialog.showErrorBox(
    'ArcFlux did not start',
    `ArcFlux was started with ${launch.refusedSwitches.join(' ')}, which would let other programs on this computer control it. Start ArcFlux from its own shortcut, without debugging options.`,
  );
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // Another ArcFlux owns the data folder; it is told to come forward instead.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    globalShortcut.unregisterAll();
    for (const cleanup of cleanups.splice(0)) cleanup();
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
  const secrets = createSecretStore({
    safeStorage,
    file: secretFileAt(join(app.getPath('userData'), 'circle-api-key.bin')),
    platform: process.platform,
  });
  try {
    core = await openCore({
      dataDir,
      owner: 'the ArcFlux desktop app',
      runScheduler: true,
      env: await environmentWithStoredKey(secrets),
    });
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
  const { windowBounds, theme, pushToTalk } = uiSettings.read();
  nativeTheme.themeSource = theme;

  serveRenderer(protocol, rendererDir);
  const allowedOrigins = devServerUrl ? [APP_ORIGIN, devServerUrl] : [APP_ORIGIN];
  const isTrustedSender = createTrustedSenderCheck(() => mainWindow, allowedOrigins);
  const webContents = () =>
    mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null;
  // The shortcut works from other apps; the window comes forward so the level meter, the
  // transcript and any open confirmation are on screen while the microphone is on.
  const { shortcut, startup } = createPushToTalkShortcut(globalShortcut, pushToTalk, () => {
    focusMainWindow();
    sendPushToTalk(webContents());
  });
  if (!startup.ok) console.warn(`ArcFlux: ${startup.message}`);
  cleanups.push(
    registerIpc(ipcMain, core, isTrustedSender),
    registerDownloadIpc(ipcMain, core, isTrustedSender, {
      dialog,
      getWindow: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
      defaultDirectory: app.getPath('downloads'),
    }),
    registerDesktopIpc(
      ipcMain,
      secrets,
      isTrustedSender,
      { shortcut, save: (accelerator) => uiSettings.savePushToTalk(accelerator) },
      createHouseholdStore(
        createSecretStore({
          safeStorage,
          file: secretFileAt(join(app.getPath('userData'), 'household-connection.bin')),
          platform: process.platform,
        }),
      ),
    ),
    () => shortcut.dispose(),
    forwardCoreEvents(core, webContents),
    forwardDesktopNotifications(core, {
      isSupported: () => Notification.isSupported(),
      create: (options) => new Notification(options),
      onClick: () => focusMainWindow(),
    }),
    checkSchedulerOnResume(powerMonitor, core, (line) => console.warn(line)),
  );
  startTray(core);

  mainWindow = createMainWindow({
    preloadPath,
    entryUrl: devServerUrl ?? APP_ENTRY_URL,
    bounds: windowBounds,
    allowedOrigins,
    onBoundsChange: (bounds) => uiSettings.saveWindowBounds(bounds),
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

/** The tray: the count of payments waiting for confirmation, and a way back to the window. */
function startTray(running: Core): void {
  try {
    const icon = nativeImage.createFromPath(join(resourcesDir, 'tray.png'));
    const tray = createTrayController({
      tray: new Tray(icon),
      buildMenu: (items) => Menu.buildFromTemplate(items),
      showWindow: focusMainWindow,
      quit: () => app.quit(),
    });
    cleanups.push(watchPendingConfirmations(running, tray.setPending), () => tray.destroy());
  } catch (error) {
    // Some Linux desktops have no tray; the window and OS notifications still work.
    console.warn('ArcFlux: no system tray available:', error);
  }
}

/**
 * The core reads the Circle key from the environment variable its config names. A key
 * stored with safeStorage fills that variable, unless the environment already sets it.
 */
async function environmentWithStoredKey(
  secrets: SecretStore,
): Promise<Record<string, string | undefined>> {
  const env: Record<string, string | undefined> = { ...process.env };
  try {
    const config = await loadSystemConfig(defaultConfigPath);
    if (config.connector.kind !== 'circle') return env;
    const variable = config.connector.apiKey.variable;
    const stored = env[variable] ? null : await secrets.read();
    if (stored) env[variable] = stored;
  } catch {
    // openCore reports a bad config itself, with the message the user needs.
  }
  return env;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}
