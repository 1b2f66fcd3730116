import { spawn, type ChildProcess } from 'node:child_process';
import { access, copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { z } from 'zod';
import { CoreError } from '../errors';
import type { SpeechToText, TranscribeOptions, Transcript } from './speechToText';
import { formatDuration } from './transformersSpeech';
import { encodeWav } from './wav';

export interface WhisperCppSpeechOptions {
  /** A ggml model file, such as `<cacheDir>/ggml/ggml-tiny.en.bin`. */
  modelPath: string;
  label?: string;
  /** How long one transcription may take before the child is killed. */
  timeoutMs?: number;
  /** How long the one-time build of whisper.cpp may take. */
  buildTimeoutMs?: number;
}

/**
 * whisper.cpp through whisper-node. whisper-node changes the working directory, may run a
 * blocking `make` and call `process.exit`, and builds an unquoted shell command, so it
 * only ever runs in a child process here, on a WAV with a plain name in a private temp
 * folder, under a timeout. The build runs first, from here, so its failures get a message.
 */
export class WhisperCppSpeechToText implements SpeechToText {
  /** Children and temp folders of running transcriptions, so close() can stop them. */
  readonly #children = new Set<ChildProcess>();
  readonly #folders = new Set<string>();
  #closed = false;

  constructor(private readonly options: WhisperCppSpeechOptions) {}

  /**
   * Stops running transcriptions and the build (their children are detached, so nothing
   * else would stop them when the app quits) and removes their temp folders with the audio.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const child of [...this.#children, ...buildChildren]) stopChild(child);
    await Promise.allSettled(
      [...this.#folders].map((folder) => rm(folder, { recursive: true, force: true })),
    );
  }

  async transcribe(audio: Float32Array, options: TranscribeOptions = {}): Promise<Transcript> {
    const started = performance.now();
    const label = this.options.label ?? basename(this.options.modelPath);
    this.#refuseIfClosed(label);
    if (!(await exists(this.options.modelPath))) {
      throw new CoreError(
        'unavailable',
        // The file's name only: the folders it was looked for in are no business of the screen.
        `${label} is not installed: ${basename(this.options.modelPath)} is missing. Download a ggml model in Settings > Models, or pick the file with --model.`,
      );
    }
    await buildWhisperCpp({ timeoutMs: this.options.buildTimeoutMs });
    this.#refuseIfClosed(label);
    const folder = await mkdtemp(join(tmpdir(), 'arcflux-whisper-'));
    this.#folders.add(folder);
    try {
      if (!SAFE_PATH.test(folder)) {
        throw new CoreError(
          'unavailable',
          `whisper.cpp can't be used because the temporary folder ${folder} has characters that are unsafe in a shell command. Set TMPDIR to a plain path (letters, digits, "/", "-", "_", ".") and try again.`,
        );
      }
      const wavPath = join(folder, 'input.wav');
      const modelPath = join(folder, 'model.bin');
      await writeFile(wavPath, encodeWav(audio));
      await symlink(this.options.modelPath, modelPath).catch(() =>
        copyFile(this.options.modelPath, modelPath),
      );
      const prompt = whisperPrompt(options.vocabulary ?? []);
      this.#refuseIfClosed(label);
      const output = await runChild(
        folder,
        { wavPath, modelPath, prompt },
        label,
        this.options.timeoutMs,
        this.#children,
      );
      return {
        text: output,
        engine: 'whisper-cpp',
        model: label,
        durationMs: Math.round(performance.now() - started),
      };
    } finally {
      await rm(folder, { recursive: true, force: true });
      this.#folders.delete(folder);
    }
  }

  #refuseIfClosed(label: string) {
    if (this.#closed) {
      throw new CoreError(
        'unavailable',
        `Speech recognition with ${label} was stopped because the app is closing. Start it again to record.`,
      );
    }
  }
}

/**
 * whisper.cpp's initial prompt (`--prompt`) from the contact names, which biases the
 * decoder towards spelling them as written. whisper-node runs its command through a shell,
 * so only letters, digits, spaces and ".,'-" survive (names lose nothing that matters to
 * recognition), and the result goes in double quotes, where none of those is special in sh
 * or cmd. Capped well under Whisper's 224-token prompt window.
 */
export function whisperPrompt(vocabulary: readonly string[]): string {
  const names = vocabulary
    .map((name) =>
      name
        .normalize('NFC')
        .replace(/[^\p{L}\p{N} .,'-]/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
  let prompt = '';
  for (const name of names) {
    const next = prompt ? `${prompt}, ${name}` : name;
    if (next.length > MAX_PROMPT_CHARACTERS) break;
    prompt = next;
  }
  return prompt;
}

const MAX_PROMPT_CHARACTERS = 400;

/** whisper-node's copy of whisper.cpp, where it expects the `main` binary. */
export function whisperCppDir(): string {
  const packageJson = createRequire(import.meta.url).resolve('whisper-node/package.json');
  return join(dirname(packageJson), 'lib', 'whisper.cpp');
}

/**
 * Whether whisper.cpp's `main` is built, and which build tools are missing if not: the
 * model manager reports this before the first recording rather than after it.
 */
export function whisperCppBuildState(folder = whisperCppDir()): {
  built: boolean;
  missingTools: string[];
} {
  return {
    built: existsSync(join(folder, 'main')),
    missingTools: BUILD_TOOLS.filter((tool) => !onPath(tool)),
  };
}

const BUILD_TOOLS = ['make', 'cc', 'c++'];

let building: Promise<void> | undefined;
/** The running `make`, shared by every engine; close() stops it with the app. */
const buildChildren = new Set<ChildProcess>();

/**
 * Builds whisper.cpp's `main` once, where whisper-node looks for it (whisper-node has no
 * option for another folder). Missing tools and failed or slow builds become CoreErrors.
 */
export function buildWhisperCpp(
  options: { timeoutMs?: number; folder?: string } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  // Tests build other folders; only whisper-node's own folder is shared by every caller.
  if (options.folder) return build(options.folder, timeoutMs);
  building ??= build(whisperCppDir(), timeoutMs);
  building.catch(() => {
    building = undefined;
  });
  return building;
}

async function build(folder: string, timeoutMs: number): Promise<void> {
  if (await exists(join(folder, 'main'))) return;
  const missing = BUILD_TOOLS.filter((tool) => !onPath(tool));
  if (missing.length > 0) {
    throw new CoreError(
      'unavailable',
      `whisper.cpp can't be built because ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed. Install a C/C++ compiler and make (Debian: "apt-get install build-essential"; macOS: "xcode-select --install"), or use the transformers engine.`,
    );
  }
  const jobs = String(Math.max(1, availableParallelism()));
  const result = await run('make', ['-j', jobs, 'main'], {
    cwd: folder,
    timeoutMs,
    children: buildChildren,
  });
  if (result.timedOut) {
    throw new CoreError(
      'unavailable',
      `Building whisper.cpp took longer than ${formatDuration(timeoutMs)} and was stopped. Run "make main" in ${folder} once, then try again.`,
    );
  }
  if (result.code !== 0 || !(await exists(join(folder, 'main')))) {
    throw new CoreError(
      'unavailable',
      `Building whisper.cpp failed (make exited with ${result.code ?? result.signal}): ${lastLines(result.stderr)}. Fix the compiler setup or use the transformers engine.`,
    );
  }
}

const SAFE_PATH = /^[\w./\\:-]+$/;

const resultSchema = z.object({ text: z.string() }).or(z.object({ error: z.string() }));

async function runChild(
  folder: string,
  job: { wavPath: string; modelPath: string; prompt: string },
  label: string,
  timeoutMs = 120_000,
  children?: Set<ChildProcess>,
): Promise<string> {
  const resultPath = join(folder, 'result.json');
  const result = await run(process.execPath, ['-e', CHILD_SOURCE], {
    cwd: folder,
    timeoutMs,
    children,
    env: {
      ...childEnvironment(),
      // The Electron binary acts as plain Node for this child.
      ELECTRON_RUN_AS_NODE: '1',
      ARCFLUX_WHISPER_JOB: JSON.stringify({
        ...job,
        resultPath,
        whisperNode: dirname(createRequire(import.meta.url).resolve('whisper-node/package.json')),
      }),
    },
  });
  if (result.timedOut) {
    throw new CoreError(
      'unavailable',
      `Speech recognition with ${label} took longer than ${formatDuration(timeoutMs)} and was stopped. Try a shorter recording or a smaller model.`,
    );
  }
  const written = await readFile(resultPath, 'utf8').catch(() => undefined);
  const parsed = written === undefined ? undefined : resultSchema.safeParse(parseJson(written));
  if (parsed?.success && 'text' in parsed.data) return parsed.data.text;
  const detail =
    parsed?.success && 'error' in parsed.data
      ? parsed.data.error
      : `the helper process exited with ${result.code ?? result.signal}: ${lastLines(result.stderr + result.stdout)}`;
  throw new CoreError(
    'unavailable',
    `Speech recognition with ${label} failed: ${lastLines(detail)}. Check that the file is a whisper.cpp ggml model, or use the transformers engine.`,
  );
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function run(
  command: string,
  args: string[],
  options: {
    cwd: string;
    timeoutMs: number;
    env?: NodeJS.ProcessEnv;
    /** Where the live child is kept until it exits, for close(). */
    children?: Set<ChildProcess>;
  },
): Promise<RunResult> {
  return new Promise((resolve) => {
    // Its own process group, so a timeout also stops what it started (make's compilers,
    // whisper-node's shell and whisper.cpp's main).
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? childEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    options.children?.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on(
      'data',
      (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-20_000)),
    );
    child.stderr.on(
      'data',
      (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)),
    );
    const timer = setTimeout(() => {
      timedOut = true;
      stopChild(child);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      options.children?.delete(child);
      resolve({ code: null, signal: null, stdout, stderr: stderr + error.message, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.children?.delete(child);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/**
 * The only variables whisper.cpp, its build and the helper need. The app's environment
 * holds secrets in CLI and server mode (the Circle API key), and a child that inherited
 * them could leak them into a build log or a crash report.
 */
export function childEnvironment(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const name of CHILD_VARIABLES) {
    if (source[name] !== undefined) environment[name] = source[name];
  }
  return environment;
}

// SystemRoot, TEMP and TMP are what Node and a compiler need to start on Windows.
const CHILD_VARIABLES = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot', 'TEMP', 'TMP'] as const;

/** A half-written result file reads as no result, which becomes the "failed" message. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Kills the child and its process group (what it started: compilers, shell, main). */
function stopChild(child: ChildProcess) {
  killTree(child.pid);
  child.kill('SIGKILL');
}

function killTree(pid: number | undefined) {
  if (pid === undefined || process.platform === 'win32') return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => {
    try {
      accessSync(join(folder, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
  return (lines || 'no output').replace(/[.\s]+$/, '');
}

/**
 * The child's code. It uses whisper-node's command builder and its shell runner (which
 * chdirs into whisper.cpp), but parses whisper.cpp's output itself: whisper-node's parser
 * drops the first segment and swallows errors. The result goes to a file, since
 * whisper-node also writes to stdout.
 */
const CHILD_SOURCE = `
const fs = require('node:fs');
const path = require('node:path');
const job = JSON.parse(process.env.ARCFLUX_WHISPER_JOB);
const finish = (result) => fs.writeFileSync(job.resultPath, JSON.stringify(result));
try {
  const { createCppCommand } = require(path.join(job.whisperNode, 'dist', 'whisper.js'));
  const shell = require(path.join(job.whisperNode, 'dist', 'shell.js')).default;
  // whisper-node has no option for --prompt; job.prompt is already reduced to characters
  // that are plain inside double quotes (see whisperPrompt).
  const prompt = job.prompt ? ' --prompt "' + job.prompt + '"' : '';
  const command = createCppCommand({ filePath: job.wavPath, modelPath: job.modelPath, options: {} }) + prompt;
  shell(command).then(
    (stdout) => {
      const segments = String(stdout).match(/^\\[[0-9:.]+\\s-->\\s[0-9:.]+\\].*$/gm) || [];
      const text = segments.map((line) => line.replace(/^\\[[^\\]]*\\]/, '').trim()).join(' ');
      finish({ text: text.replace(/\\s+/g, ' ').trim() });
    },
    (error) => finish({ error: String(error) }),
  );
} catch (error) {
  finish({ error: String(error && error.message ? error.message : error) });
}
`;
