import { describe, expect, it } from 'vitest';
import {
  describeIgnored,
  isLoopbackHttpUrl,
  readLaunchEnvironment,
  type LaunchInput,
} from '../../../electron/main/launchEnvironment';

const devEnv = {
  ELECTRON_RENDERER_URL: 'http://localhost:5173/',
  ARCFLUX_DATA_DIR: '/home/dev/arcflux-data',
};

function launch(overrides: Partial<LaunchInput>) {
  return readLaunchEnvironment({
    isPackaged: false,
    env: {},
    argv: ['/opt/ArcFlux/arcflux'],
    platform: 'linux',
    ...overrides,
  });
}

describe('readLaunchEnvironment', () => {
  it('a packaged app ignores every development variable, and says which', () => {
    const packaged = launch({ isPackaged: true, env: devEnv });
    expect(packaged).toEqual({
      rendererUrl: null,
      dataDirOverride: null,
      refusedSwitches: [],
      ignored: [
        { variable: 'ELECTRON_RENDERER_URL', reason: 'packaged' },
        { variable: 'ARCFLUX_DATA_DIR', reason: 'packaged' },
      ],
    });
  });

  it('an unpackaged app takes a loopback dev server and a data folder', () => {
    expect(launch({ env: devEnv })).toEqual({
      rendererUrl: 'http://localhost:5173/',
      dataDirOverride: '/home/dev/arcflux-data',
      refusedSwitches: [],
      ignored: [],
    });
    expect(launch({ env: { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' } }).rendererUrl).toBe(
      'http://127.0.0.1:5173',
    );
    expect(launch({ env: { ELECTRON_RENDERER_URL: 'http://[::1]:5173/' } }).rendererUrl).toBe(
      'http://[::1]:5173/',
    );
  });

  it('an unpackaged app refuses a remote renderer URL or a relative data folder', () => {
    const remote = launch({
      env: { ELECTRON_RENDERER_URL: 'https://evil.example/', ARCFLUX_DATA_DIR: 'data' },
    });
    expect(remote.rendererUrl).toBeNull();
    expect(remote.dataDirOverride).toBeNull();
    expect(remote.ignored).toEqual([
      { variable: 'ELECTRON_RENDERER_URL', reason: 'not_loopback_http' },
      { variable: 'ARCFLUX_DATA_DIR', reason: 'not_absolute' },
    ]);
  });

  it('a packaged app refuses remote debugging and inspector switches; unpackaged allows them', () => {
    const argv = [
      '/opt/ArcFlux/arcflux',
      '--remote-debugging-port=9222',
      '-remote-debugging-pipe',
      '--inspect-brk=9229',
      '--enable-logging',
      '/home/me/inspect-notes.txt',
    ];
    expect(launch({ isPackaged: true, argv }).refusedSwitches).toEqual([
      '--remote-debugging-port=9222',
      '-remote-debugging-pipe',
      '--inspect-brk=9229',
    ]);
    expect(launch({ isPackaged: false, argv }).refusedSwitches).toEqual([]);
    // Windows also reads "/switch", case-insensitively.
    expect(
      launch({
        isPackaged: true,
        platform: 'win32',
        argv: ['C:\\ArcFlux\\ArcFlux.exe', '/Remote-Debugging-Port=9222'],
      }).refusedSwitches,
    ).toEqual(['/Remote-Debugging-Port=9222']);
  });

  it('names the variable it ignored and never its value', () => {
    const line = describeIgnored({ variable: 'ELECTRON_RENDERER_URL', reason: 'packaged' });
    expect(line).toBe(
      'ArcFlux ignored ELECTRON_RENDERER_URL: a packaged app uses no development settings from the environment.',
    );
  });
});

describe('isLoopbackHttpUrl', () => {
  it.each([
    ['http://localhost:5173/', true],
    ['http://127.0.0.1/', true],
    ['http://127.8.9.10:1/', true],
    ['http://[::1]:5173/', true],
    ['https://localhost:5173/', false],
    ['http://localhost.evil.example/', false],
    ['http://127.0.0.1.evil.example/', false],
    ['http://user:pass@localhost/', false],
    ['http://192.168.1.10:5173/', false],
    ['file:///tmp/index.html', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (value, expected) => {
    expect(isLoopbackHttpUrl(value)).toBe(expected);
  });
});
