import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronPackage, installedElectronBinary } from '../../electron/launcher/electronBinary';
import {
  failureMemoryPath,
  installElectron,
  type InstallOptions,
  type InstallProgress,
} from '../../electron/launcher/electronInstall';
import { prepareDesktop } from '../../electron/launcher/prepareDesktop';
import { repositoryRoot, temporaryFolder } from '../support/dataFolder';
import { zipArchive } from '../support/zipArchive';

/**
 * The first-start download of Electron's binary, run for real: Electron's own
 * install-electron (and @electron/get, and its unzip) in a child process, against a fake
 * release mirror on loopback, in a throwaway copy of the electron package. Nothing leaves
 * the machine and the project's node_modules is never written.
 */
const realPackage = join(repositoryRoot, 'node_modules', 'electron');
const { version } = electronPackage(realPackage);
const artifact = `electron-v${version}-${process.platform}-${process.arch}.zip`;
const release = zipArchive([
  { name: 'electron', data: Buffer.from('#!/bin/sh\necho "fake electron $@"\n'), mode: 0o755 },
  { name: 'version', data: Buffer.from(`v${version}`) },
  // Enough bytes that the download is seen half done.
  { name: 'resources.pak', data: Buffer.alloc(2_000_000, 7) },
]);

type Behaviour = 'serve' | 'missing' | 'stall';
let behaviour: Behaviour = 'serve';
/** Lets a held download finish, once the test has seen it half done. */
let releaseRest: (() => void) | undefined;
const requests: string[] = [];
const server: Server = createServer((request, response) => {
  requests.push(request.url ?? '');
  if (behaviour === 'missing' || !request.url?.endsWith(`/${artifact}`)) {
    response.writeHead(404).end('not here');
    return;
  }
  response.writeHead(200, {
    'content-type': 'application/zip',
    'content-length': String(release.length),
  });
  const half = Math.floor(release.length / 2);
  response.write(release.subarray(0, half));
  // 'stall' never sends the rest; 'serve' sends it when the test has seen the first half.
  if (behaviour === 'serve') releaseRest = () => response.end(release.subarray(half));
});
let mirror = '';

let folder: ReturnType<typeof temporaryFolder>;
let packageDir = '';

beforeEach(async () => {
  if (!server.listening) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }
  behaviour = 'serve';
  releaseRest = undefined;
  requests.length = 0;
  folder = temporaryFolder('arcflux-electron-');
  // A copy of the electron package with checksums for the fake release; its imports
  // (@electron/get, the unzip) resolve to the project's own copies through links.
  const modules = join(folder.path, 'node_modules');
  packageDir = join(modules, 'electron');
  mkdirSync(packageDir, { recursive: true });
  for (const file of ['package.json', 'install.js', 'index.js']) {
    copyFileSync(join(realPackage, file), join(packageDir, file));
  }
  writeFileSync(
    join(packageDir, 'checksums.json'),
    JSON.stringify({ [artifact]: createHash('sha256').update(release).digest('hex') }),
  );
  for (const scope of ['@electron', '@electron-internal']) {
    symlinkSync(join(repositoryRoot, 'node_modules', scope), join(modules, scope), 'dir');
  }
});

afterEach(() => folder.remove());
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/**
 * install-electron as start runs it, with the held second half of the release let go as
 * soon as the first half has been reported: the download is seen half done, every time.
 */
function installSeenHalfDone(options: InstallOptions) {
  return installElectron({
    ...options,
    onProgress: (progress) => {
      options.onProgress(progress);
      if (progress.phase === 'downloading' && progress.transferred < release.length) {
        releaseRest?.();
      }
    },
  });
}

/** The environment install-electron gets: the fake mirror, and a cache of the test's own. */
function mirrorEnvironment(base = mirror): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: folder.path,
    ELECTRON_MIRROR: base,
    electron_config_cache: join(folder.path, 'cache'),
  };
}

describe('installing Electron on first start', () => {
  it('downloads, checks and unpacks the binary, reporting progress as it goes', async () => {
    const seen: InstallProgress[] = [];
    const outcome = await installSeenHalfDone({
      packageDir,
      env: mirrorEnvironment(),
      onProgress: (progress) => seen.push(progress),
    });
    expect(outcome).toEqual({ ok: true, binary: join(packageDir, 'dist', 'electron') });
    expect(installedElectronBinary(packageDir)).toBe(join(packageDir, 'dist', 'electron'));
    expect(readFileSync(join(packageDir, 'dist', 'version'), 'utf8')).toBe(`v${version}`);
    expect(requests).toEqual([`/v${version}/${artifact}`]);
    expect(seen[0]).toEqual({ phase: 'connecting', host: '127.0.0.1' });
    const downloading = seen.filter((progress) => progress.phase === 'downloading');
    expect(downloading[0]).toEqual({
      phase: 'downloading',
      transferred: expect.any(Number),
      total: release.length,
    });
    expect(downloading.at(-1)).toEqual({
      phase: 'downloading',
      transferred: release.length,
      total: release.length,
    });
    expect(seen.at(-1)).toEqual({ phase: 'extracting' });
  });

  it('names the host and the cause when the mirror cannot be reached', async () => {
    // A port nothing listens on: the server's own, closed for this test.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const outcome = await installElectron({
      packageDir,
      env: mirrorEnvironment(`http://127.0.0.1:${port}/`),
      onProgress: () => undefined,
    });
    expect(outcome).toEqual({
      ok: false,
      problem: { code: 'unreachable', host: '127.0.0.1', cause: 'ECONNREFUSED' },
    });
    expect(installedElectronBinary(packageDir)).toBeUndefined();
  });

  it('reports the HTTP status of a refused download', async () => {
    behaviour = 'missing';
    const outcome = await installElectron({
      packageDir,
      env: mirrorEnvironment(),
      onProgress: () => undefined,
    });
    expect(outcome).toEqual({
      ok: false,
      problem: { code: 'http_error', host: '127.0.0.1', status: 404 },
    });
  });

  it("keeps a mirror's credentials out of the reason it gives", async () => {
    const outcome = await installElectron({
      packageDir,
      env: mirrorEnvironment(mirror.replace('http://', 'http://mirror-user:mirror-secret@')),
      onProgress: () => undefined,
    });
    expect(outcome).toMatchObject({ ok: false, problem: { code: 'install_failed', exitCode: 1 } });
    expect(JSON.stringify(outcome)).not.toMatch(/mirror-secret|mirror-user/);
  });

  it('stops a download that goes quiet instead of waiting on it', async () => {
    behaviour = 'stall';
    const outcome = await installElectron({
      packageDir,
      env: mirrorEnvironment(),
      onProgress: () => undefined,
      stallMs: 1_000,
    });
    expect(outcome).toEqual({ ok: false, problem: { code: 'stalled', seconds: 1 } });
    expect(installedElectronBinary(packageDir)).toBeUndefined();
  });

  it('refuses a release whose checksum does not match, and keeps nothing of it', async () => {
    writeFileSync(
      join(packageDir, 'checksums.json'),
      JSON.stringify({ [artifact]: '0'.repeat(64) }),
    );
    const outcome = await installElectron({
      packageDir,
      env: mirrorEnvironment(),
      onProgress: (progress) => {
        if (progress.phase === 'downloading') releaseRest?.();
      },
    });
    expect(outcome).toMatchObject({
      ok: false,
      problem: {
        code: 'install_failed',
        exitCode: 1,
        lastLine: expect.stringMatching(/checksum/i),
      },
    });
    expect(existsSync(join(packageDir, 'dist'))).toBe(false);
  });
});

describe('what start does without the binary', () => {
  const now = new Date('2031-03-04T05:06:07.000Z');
  const output = () => {
    const written: string[] = [];
    return { written, write: (text: string) => written.push(text) };
  };
  /** What `arcflux start` does at `at`, printing to `log`. */
  const start = (at: Date, log = output(), env = mirrorEnvironment()) =>
    prepareDesktop({ packageDir, env, now: () => at, output: log, install: installSeenHalfDone });

  it('opens the desktop app once the download worked, printing progress a line a step', async () => {
    const log = output();
    const outcome = await start(now, log);
    expect(outcome).toEqual({ binary: join(packageDir, 'dist', 'electron') });
    expect(log.written[0]).toBe(
      `Downloading Electron ${version} from 127.0.0.1 (once, for the desktop app)...\n`,
    );
    expect(log.written).toContain(`Downloading Electron ${version}: 2.0 of 2.0 MB (100%)\n`);
    expect(log.written.at(-1)).toBe(`Unpacking Electron ${version}...\n`);
    // Already there next time: no download, no request.
    requests.length = 0;
    await expect(start(now, log)).resolves.toEqual({
      binary: join(packageDir, 'dist', 'electron'),
    });
    expect(requests).toEqual([]);
  });

  it('falls back to browser mode with one sentence, and does not retry for a day', async () => {
    behaviour = 'missing';
    const first = await start(now);
    expect(first).toEqual({
      fallback:
        "Electron's binary is not installed on this machine (its download from 127.0.0.1 was refused with HTTP 404), so ArcFlux is starting in browser mode instead.",
    });
    expect(JSON.parse(readFileSync(failureMemoryPath(packageDir), 'utf8'))).toMatchObject({
      version,
      failedAt: now.toISOString(),
      problem: { code: 'http_error', status: 404 },
    });

    requests.length = 0;
    const second = await start(new Date(now.getTime() + 5 * 60_000));
    expect(second).toEqual({
      fallback:
        'Electron\'s binary is not installed on this machine (5 minutes ago, its download from 127.0.0.1 was refused with HTTP 404; ArcFlux tries again after a day, or now with "npx install-electron"), so ArcFlux is starting in browser mode instead.',
    });
    expect(requests).toEqual([]);

    behaviour = 'serve';
    const third = await start(new Date(now.getTime() + 24 * 60 * 60_000 + 1));
    expect(third).toEqual({ binary: join(packageDir, 'dist', 'electron') });
  });

  it('does not download at all where ELECTRON_SKIP_BINARY_DOWNLOAD is set', async () => {
    const outcome = await start(now, output(), {
      ...mirrorEnvironment(),
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    });
    expect(outcome).toEqual({
      fallback:
        "Electron's binary is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded), so ArcFlux is starting in browser mode instead.",
    });
    expect(requests).toEqual([]);
    expect(existsSync(failureMemoryPath(packageDir))).toBe(false);
  });
});
