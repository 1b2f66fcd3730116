import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ArcfluxServer {
  /** The temporary folder holding the data folder (and anything a test entry writes). */
  root: string;
  /** The printed browser-mode address, launch code included. */
  launchUrl: string;
  /** "http://127.0.0.1:PORT". */
  origin: string;
  dataDir: string;
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** Stops the process and keeps its folder, for `reuse` by a restart. */
  halt(): Promise<void>;
}

const projectRoot = resolve(import.meta.dirname, '../../..');
const STARTUP_TIMEOUT_MS = 90_000;

/**
 * Starts `arcflux serve` on a free port with a fresh temporary data folder and waits for
 * the browser-mode address it prints. `prepareData` may fill the folder first; otherwise
 * the server seeds it with the demo data. `command` replaces `arcflux serve` with a
 * test-only entry that prints the same address (see voiceServer.ts); it gets the data
 * folder and the temporary root folder.
 */
export async function startArcfluxServer(
  options: {
    prepareData?: (dataDir: string) => Promise<void>;
    command?: (dataDir: string, root: string) => string[];
    /** A system_config.json to use instead of the project's (e.g. a model hub on loopback). */
    configPath?: string;
    /** A fixed port, to start a server where a stopped one was (a restart); else a free one. */
    port?: number;
    /** More `serve` options (such as --token or --allow-origin). */
    extraArguments?: string[];
    /** The folder of a server halted before: its data is served again, as a restart would. */
    reuse?: string;
  } = {},
): Promise<ArcfluxServer> {
  const root = options.reuse ?? (await mkdtemp(join(tmpdir(), 'arcflux-e2e-')));
  const dataDir = join(root, 'data');
  if (!options.reuse) await options.prepareData?.(dataDir);
  const command = options.command?.(dataDir, root) ?? [
    'electron/cli/bin.mjs',
    'serve',
    '--data',
    dataDir,
    '--port',
    String(options.port ?? 0),
    '--host',
    '127.0.0.1',
    ...(options.configPath ? ['--config', options.configPath] : []),
    ...(options.extraArguments ?? []),
  ];
  const child = spawn(process.execPath, command, {
    cwd: projectRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    await terminate(child);
    await rm(root, { recursive: true, force: true });
  };

  try {
    const launchUrl = await waitForLaunchUrl(child, () => output);
    return {
      launchUrl,
      origin: new URL(launchUrl).origin,
      root,
      dataDir,
      output: () => output,
      stop,
      halt: () => terminate(child),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForLaunchUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const pattern = /ArcFlux browser mode: (http:\/\/\S+#launch=\S+)/;
    const timer = setTimeout(
      () => finish(new Error(`arcflux serve printed no address in time:\n${output()}`)),
      STARTUP_TIMEOUT_MS,
    );
    const check = () => {
      const match = pattern.exec(output());
      if (match?.[1]) finish(null, match[1]);
    };
    const onExit = (code: number | null) =>
      finish(new Error(`arcflux serve exited (${code}) before it was ready:\n${output()}`));
    const finish = (error: Error | null, url?: string) => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
      if (error || !url) reject(error ?? new Error('no address'));
      else resolvePromise(url);
    };
    child.stdout?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** SIGTERM lets the server release its data-folder lock; SIGKILL if it hangs. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
