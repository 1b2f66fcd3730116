import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { electronPackage, installedElectronBinary } from './electronBinary';

/** Why the desktop app can't start: a code and the facts for its sentence, never prose. */
const installProblemSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('skipped_by_environment') }),
  z.object({ code: z.literal('unreachable'), host: z.string(), cause: z.string() }),
  z.object({ code: z.literal('http_error'), host: z.string(), status: z.number().int() }),
  z.object({ code: z.literal('stalled'), seconds: z.number().int() }),
  z.object({
    code: z.literal('install_failed'),
    exitCode: z.number().int().nullable(),
    lastLine: z.string(),
  }),
]);

export type InstallProblem = z.infer<typeof installProblemSchema>;

export type InstallProgress =
  | { phase: 'connecting'; host: string }
  | { phase: 'downloading'; transferred: number; total: number | null }
  | { phase: 'extracting' };

export type InstallOutcome = { ok: true; binary: string } | { ok: false; problem: InstallProblem };

export interface InstallOptions {
  packageDir: string;
  onProgress(progress: InstallProgress): void;
  /** How long the download may go without a byte (or a connection) before it is stopped. */
  stallMs?: number;
  /** How long unpacking may take once every byte is in. */
  extractMs?: number;
  env?: NodeJS.ProcessEnv;
}

const reporterUrl = new URL('./downloadReporter.mjs', import.meta.url).href;

const reportSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request'), host: z.string() }),
  z.object({
    kind: z.literal('failed'),
    host: z.string(),
    code: z.string().optional(),
    status: z.number().int().optional(),
  }),
  z.object({
    kind: z.enum(['progress', 'downloaded']),
    transferred: z.number().int().nonnegative(),
    total: z.number().int().positive().nullable(),
  }),
]);

/**
 * Runs Electron's own `install-electron` once, in a child process, with a reporter
 * preloaded so the download's progress and any failure come back as data (see
 * downloadReporter.mjs). The download goes where Electron's documented variables say
 * (ELECTRON_MIRROR, electron_config_cache and the like). A download that goes quiet for
 * `stallMs` is stopped, so an unreachable route costs the user seconds, not minutes.
 */
export function installElectron(options: InstallOptions): Promise<InstallOutcome> {
  const stallMs = options.stallMs ?? 60_000;
  const extractMs = options.extractMs ?? 180_000;
  const { installScript } = electronPackage(options.packageDir);
  const child = spawn(process.execPath, ['--import', reporterUrl, installScript], {
    cwd: options.packageDir,
    // @electron/get's own bar would only start after 30 s and fight ours for the line.
    env: { ...(options.env ?? process.env), ELECTRON_GET_NO_PROGRESS: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let failure: InstallProblem | undefined;
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  const quietFor = (ms: number, problem: InstallProblem) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      failure ??= problem;
      child.kill('SIGKILL');
    }, ms);
  };
  const stalled = { code: 'stalled', seconds: Math.round(stallMs / 1000) } as const;

  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const reports = child.stdio[3];
  if (reports && 'on' in reports) {
    createInterface({ input: reports as NodeJS.ReadableStream }).on('line', (line) => {
      const parsed = reportSchema.safeParse(parseJson(line));
      if (!parsed.success) return;
      const report = parsed.data;
      if (report.kind === 'request') {
        quietFor(stallMs, stalled);
        options.onProgress({ phase: 'connecting', host: report.host });
      } else if (report.kind === 'progress') {
        quietFor(stallMs, stalled);
        options.onProgress({
          phase: 'downloading',
          transferred: report.transferred,
          total: report.total,
        });
      } else if (report.kind === 'downloaded') {
        options.onProgress({
          phase: 'downloading',
          transferred: report.transferred,
          total: report.total,
        });
        quietFor(extractMs, {
          code: 'install_failed',
          exitCode: null,
          lastLine: `unpacking took longer than ${Math.round(extractMs / 1000)} s`,
        });
        options.onProgress({ phase: 'extracting' });
      } else if (report.kind === 'failed' && report.status !== undefined) {
        failure ??= { code: 'http_error', host: report.host, status: report.status };
      } else if (report.kind === 'failed' && report.code !== undefined) {
        failure ??= { code: 'unreachable', host: report.host, cause: report.code };
      }
    });
  }

  return new Promise((resolve) => {
    const finish = (exitCode: number | null) => {
      clearTimeout(timer);
      const binary = installedElectronBinary(options.packageDir);
      if (exitCode === 0 && binary) resolve({ ok: true, binary });
      else {
        resolve({
          ok: false,
          problem: failure ?? { code: 'install_failed', exitCode, lastLine: lastLine(stderr) },
        });
      }
    };
    child.once('error', (error) => {
      stderr += error.message;
      finish(null);
    });
    child.once('close', (code) => finish(code));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The last line of an error output that says something (a stack's first line, usually),
 * with any credentials in an address (a mirror's user:password@) taken out: the line is
 * printed and remembered on disk.
 */
function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at '));
  return (lines.at(-1) ?? 'no output').replace(/\/\/[^/\s@]*@/g, '//').slice(0, 200);
}

/**
 * A failed download is remembered for a day beside the package, so a machine without a
 * route to the download server starts browser mode at once on later runs instead of
 * trying again each time. `npx install-electron` (or deleting the file) tries again now.
 */
const memorySchema = z.object({
  version: z.string(),
  failedAt: z.iso.datetime(),
  problem: installProblemSchema,
});

export type RememberedFailure = z.infer<typeof memorySchema>;

export const FAILURE_MEMORY_MS = 24 * 60 * 60_000;

export function failureMemoryPath(packageDir: string): string {
  return join(dirname(packageDir), '.cache', 'arcflux', 'electron-install.json');
}

export function recentFailure(packageDir: string, now: Date): RememberedFailure | undefined {
  let parsed;
  try {
    parsed = memorySchema.safeParse(
      JSON.parse(readFileSync(failureMemoryPath(packageDir), 'utf8')),
    );
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const age = now.getTime() - Date.parse(parsed.data.failedAt);
  const sameVersion = parsed.data.version === electronPackage(packageDir).version;
  return sameVersion && age >= 0 && age < FAILURE_MEMORY_MS ? parsed.data : undefined;
}

export function rememberFailure(packageDir: string, problem: InstallProblem, now: Date): void {
  const path = failureMemoryPath(packageDir);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const memory: RememberedFailure = {
      version: electronPackage(packageDir).version,
      failedAt: now.toISOString(),
      problem,
    };
    writeFileSync(path, `${JSON.stringify(memory, null, 2)}\n`);
  } catch {
    // Only a convenience: without it the next start simply tries again.
  }
}

export function forgetFailure(packageDir: string): void {
  rmSync(failureMemoryPath(packageDir), { force: true });
}
