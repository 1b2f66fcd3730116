import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Runs electron/main/index.ts for real (real core, real data folder) against a stand-in
 * for the `electron` module, since the Electron binary is not available everywhere the
 * tests run. It covers the wiring: data folder, IPC trust, events, protocol and the
 * start-up error dialog.
 */

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

const electronStandIn = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const state = {
    windows: [] as FakeBrowserWindow[],
    handlers: new Map<string, Listener>(),
    protocolHandler: null as null | ((request: Request) => Promise<Response>),
    privilegedSchemes: [] as unknown[],
    errorBoxes: [] as [string, string][],
    trays: [] as { tooltip: string; title: string }[],
    shortcuts: [] as string[],
    powerListeners: new Map<string, Listener>(),
    exitCodes: [] as number[],
    paths: new Map<string, string>(),
    markReady: () => undefined as void,
    ready: Promise.resolve(),
  };

  class FakeWebContents {
    readonly sent: unknown[][] = [];
    readonly events = new Map<string, Listener>();
    readonly mainFrame = { url: '', parent: null, processId: 7, routingId: 1 };
    windowOpenHandler: Listener | null = null;
    readonly session = {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
    };
    on(event: string, listener: Listener) {
      this.events.set(event, listener);
    }
    setWindowOpenHandler(handler: Listener) {
      this.windowOpenHandler = handler;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
  }

  class FakeBrowserWindow {
    readonly webContents = new FakeWebContents();
    loadedUrl = '';
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this);
    }
    once() {}
    on() {}
    isDestroyed() {
      return false;
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
  }

  class FakeTray {
    tooltip = '';
    title = '';
    menu: unknown = null;
    constructor() {
      state.trays.push(this);
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setTitle(text: string) {
      this.title = text;
    }
    setContextMenu(menu: unknown) {
      this.menu = menu;
    }
    on() {}
    destroy() {}
  }

  const module = {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: () => true,
      on: () => undefined,
      whenReady: () => state.ready,
      getPath: (name: string) => state.paths.get(name) ?? join(tmpdir(), 'arcflux-unused'),
      setPath: (name: string, value: string) => state.paths.set(name, value),
      quit: () => undefined,
      exit: (code: number) => state.exitCodes.push(code),
    },
    BrowserWindow: FakeBrowserWindow,
    dialog: {
      showErrorBox: (title: string, message: string) => state.errorBoxes.push([title, message]),
    },
    ipcMain: {
      handle: (channel: string, listener: Listener) => state.handlers.set(channel, listener),
      removeHandler: (channel: string) => state.handlers.delete(channel),
    },
    nativeTheme: { themeSource: 'system' },
    globalShortcut: {
      register: (accelerator: string) => {
        state.shortcuts.push(accelerator);
        return true;
      },
      unregister: () => undefined,
      unregisterAll: () => undefined,
    },
    Menu: { buildFromTemplate: (items: unknown[]) => items },
    nativeImage: { createFromPath: () => ({}) },
    Notification: class {
      static isSupported() {
        return false;
      }
    },
    powerMonitor: {
      on: (event: string, listener: Listener) => state.powerListeners.set(event, listener),
      removeListener: (event: string) => state.powerListeners.delete(event),
    },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => false,
      encryptStringAsync: async () => Buffer.from(''),
      decryptStringAsync: async () => ({ result: '', shouldReEncrypt: false }),
    },
    shell: { openExternal: () => Promise.resolve() },
    Tray: FakeTray,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.privilegedSchemes.push(...schemes),
      handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => {
        state.protocolHandler = handler;
      },
    },
  };
  return { state, module };
});

vi.mock('electron', () => electronStandIn.module);
// electron-store reads Electron's app paths itself; a map is enough for window settings.
vi.mock('electron-store', () => ({
  default: class FakeStore {
    store: Record<string, unknown> = {};
    set(key: string, value: unknown) {
      this.store[key] = value;
    }
  },
}));

const { state } = electronStandIn;
let root: string;

beforeEach(() => {
  vi.resetModules();
  root = mkdtempSync(join(tmpdir(), 'arcflux-main-'));
  state.windows.length = 0;
  state.handlers.clear();
  state.protocolHandler = null;
  state.errorBoxes.length = 0;
  state.trays.length = 0;
  state.shortcuts.length = 0;
  state.powerListeners.clear();
  state.exitCodes.length = 0;
  state.paths.clear();
  state.ready = Promise.resolve();
});

const originalArgv = [...process.argv];

afterEach(() => {
  delete process.env.ARCFLUX_DATA_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
  electronStandIn.module.app.isPackaged = false;
  process.argv.splice(0, process.argv.length, ...originalArgv);
  rmSync(root, { recursive: true, force: true });
});

async function startMain(dataDir: string): Promise<void> {
  process.env.ARCFLUX_DATA_DIR = dataDir;
  await import('../../../electron/main/index');
  await vi.waitFor(
    () => {
      if (state.windows.length === 0 && state.exitCodes.length === 0) {
        throw new Error('main has not finished starting');
      }
    },
    { timeout: 20_000, interval: 50 },
  );
}

describe('electron/main', () => {
  it('opens the core on the data folder and serves contract calls to its own window only', async () => {
    await startMain(join(root, 'data'));
    const [window] = state.windows;
    if (!window) throw new Error('no window');

    expect(window.loadedUrl).toBe('app://arcflux/index.html');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(state.privilegedSchemes).toMatchObject([{ scheme: 'app' }]);
    expect(state.paths.get('userData')).toBe(join(root, 'electron-profile'));

    const call = state.handlers.get('arcflux:call');
    if (!call) throw new Error('no IPC handler');
    const fromWindow = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    await expect(call(fromWindow, 'balance:get', {})).resolves.toMatchObject({
      ok: true,
      data: {
        userId: 'user1',
        balances: [{ currency: 'USDC', amount: '5000' }, { currency: 'EURC' }],
      },
    });

    const iframe: FakeFrame = {
      ...window.webContents.mainFrame,
      parent: window.webContents.mainFrame,
      routingId: 9,
    };
    await expect(
      call({ sender: window.webContents, senderFrame: iframe }, 'balance:get', {}),
    ).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(
      call({ sender: {}, senderFrame: iframe }, 'balance:get', {}),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    // A change made through the core reaches the window as an event.
    await expect(
      call(fromWindow, 'settings:update', { actingUserId: 'user2' }),
    ).resolves.toMatchObject({ ok: true });
    expect(window.webContents.sent).toContainEqual([
      'arcflux:event',
      'settings:changed',
      expect.objectContaining({ settings: expect.objectContaining({ actingUserId: 'user2' }) }),
    ]);

    // Navigation and new windows are refused.
    const navigation = { preventDefault: vi.fn() };
    window.webContents.events.get('will-navigate')?.(navigation, 'https://example.com/');
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });

    // The desktop-only channel checks its sender too, and never hands out the key.
    const desktop = state.handlers.get('arcflux:desktop');
    if (!desktop) throw new Error('no desktop IPC handler');
    await expect(
      desktop({ sender: {}, senderFrame: iframe }, { action: 'circleKey:status' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(desktop(fromWindow, { action: 'circleKey:status' })).resolves.toMatchObject({
      ok: true,
      data: { stored: false },
    });

    // The tray counts confirmations; resume and the global shortcut are wired.
    expect(state.trays).toHaveLength(1);
    await call(fromWindow, 'settings:update', { actingUserId: 'user1' });
    await call(fromWindow, 'commands:run', { text: 'Pay User Two 120 USDC every Friday' });
    await vi.waitFor(() => expect(state.trays[0]?.title).toBe('1'), { timeout: 5_000 });
    expect(state.trays[0]?.tooltip).toBe('ArcFlux: 1 payment waiting for your confirmation');
    expect([...state.powerListeners.keys()].sort()).toEqual(['resume', 'unlock-screen']);
    expect(state.shortcuts).toEqual(['CommandOrControl+Shift+Space']);

    // app:// answers with the CSP header, even for a file that is not there.
    const response = await state.protocolHandler?.(new Request('app://arcflux/missing.js'));
    expect(response?.status).toBe(404);
    expect(response?.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('shows the core’s message in an error dialog and exits when the core refuses to start', async () => {
    const blocked = join(root, 'not-a-folder');
    writeFileSync(blocked, 'a file where the data folder should be');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await startMain(join(blocked, 'data'));
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();

    expect(state.windows).toEqual([]);
    expect(state.exitCodes).toEqual([1]);
    const [box] = state.errorBoxes;
    expect(box?.[0]).toBe('ArcFlux could not start');
    expect(box?.[1]).toContain(join(blocked, 'data'));
    expect(box?.[1]).not.toMatch(/^Error:|\n\s+at /);
  });

  it('a packaged app loads its own bundle and data folder, whatever the environment names', async () => {
    electronStandIn.module.app.isPackaged = true;
    state.paths.set('userData', join(root, 'profile'));
    process.env.ELECTRON_RENDERER_URL = 'http://127.0.0.1:47301/';
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await startMain(join(root, 'planted-data'));
    const warnings = warned.mock.calls.map((call) => String(call[0]));
    warned.mockRestore();

    const [window] = state.windows;
    expect(window?.loadedUrl).toBe('app://arcflux/index.html');
    expect(existsSync(join(root, 'profile', 'data'))).toBe(true);
    expect(existsSync(join(root, 'planted-data'))).toBe(false);
    expect(state.paths.get('userData')).toBe(join(root, 'profile'));
    expect(warnings).toContain(
      'ArcFlux ignored ELECTRON_RENDERER_URL: a packaged app uses no development settings from the environment.',
    );
    expect(warnings).toContain(
      'ArcFlux ignored ARCFLUX_DATA_DIR: a packaged app uses no development settings from the environment.',
    );
    // The dev server's origin is not trusted either: only app://arcflux may call.
    const call = state.handlers.get('arcflux:call');
    const devFrame = { url: 'http://127.0.0.1:47301/', parent: null, processId: 7, routingId: 1 };
    window!.webContents.mainFrame.url = devFrame.url;
    await expect(
      call?.({ sender: window!.webContents, senderFrame: devFrame }, 'balance:get', {}),
    ).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('an unpackaged app loads a dev server on loopback, and never a remote page', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://127.0.0.1:47302/';
    await startMain(join(root, 'data'));
    expect(state.windows[0]?.loadedUrl).toBe('http://127.0.0.1:47302/');

    vi.resetModules();
    state.windows.length = 0;
    process.env.ELECTRON_RENDERER_URL = 'https://evil.example/';
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await startMain(join(root, 'data-2'));
    warned.mockRestore();
    expect(state.windows[0]?.loadedUrl).toBe('app://arcflux/index.html');
  });

  it('a packaged app started with remote debugging says why and exits before any window', async () => {
    electronStandIn.module.app.isPackaged = true;
    state.paths.set('userData', join(root, 'profile'));
    process.argv.push('--remote-debugging-port=9222');
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await startMain(join(root, 'data'));
    warned.mockRestore();

    expect(state.exitCodes).toEqual([1]);
    expect(state.windows).toEqual([]);
    expect(state.handlers.size).toBe(0);
    expect(state.errorBoxes).toEqual([
      [
        'ArcFlux did not start',
        expect.stringContaining('started with --remote-debugging-port=9222'),
      ],
    ]);
    expect(existsSync(join(root, 'profile', 'data'))).toBe(false);
  });
});
