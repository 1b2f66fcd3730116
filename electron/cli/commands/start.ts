import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../../core/paths';
import { serveCommand } from './serve';

export const startHelp = `arcflux start
  Launches the desktop app. Where Electron's binary is missing, starts browser mode
  instead: the core and the same interface on 127.0.0.1, with the URL printed.
  Takes the options of "arcflux serve" for browser mode.`;

export const webHelp = `arcflux web [--port N] [--host 127.0.0.1] [--data DIR]
  Browser mode: the core and the desktop interface on 127.0.0.1, with the URL printed.
  Builds the interface first when it hasn't been built. Takes the options of "arcflux serve".`;

export async function startCommand(argv: readonly string[], print: (text: string) => void) {
  const electronBinary = findElectronBinary();
  if (electronBinary) return run(localBin('electron-vite'), ['preview', ...argv]);
  print(
    "Electron's binary is not installed on this machine (its download was skipped or failed), so ArcFlux is starting in browser mode instead.",
  );
  return webCommand(argv, print);
}

export async function webCommand(argv: readonly string[], print: (text: string) => void) {
  if (!existsSync(join(projectRoot, 'out', 'renderer', 'index.html'))) {
    print('Building the interface first (once)...');
    const built = await run(localBin('electron-vite'), ['build']);
    if (built !== 0) return built;
  }
  return serveCommand(argv, print);
}

/** Electron's package exports the binary's path, and throws when the binary is absent. */
function findElectronBinary(): string | undefined {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function localBin(name: string): string {
  return join(
    projectRoot,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? `${name}.cmd` : name,
  );
}

function run(command: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
