import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../core/clock';
import { projectRoot } from '../../core/paths';
import { electronPackageDir } from '../../launcher/electronBinary';
import { prepareDesktop } from '../../launcher/prepareDesktop';
import { serveCommand } from './serve';

export const startHelp = `arcflux start
  Launches the desktop app. The first start downloads Electron's binary (once, with
  progress). Where that can't be done, it says why in one sentence and starts browser
  mode instead: the core and the same interface on 127.0.0.1, with the URL printed.
  Takes the options of "arcflux serve" for browser mode.`;

export const webHelp = `arcflux web [--port N] [--host 127.0.0.1] [--data DIR]
  Browser mode: the core and the desktop interface on 127.0.0.1, with the URL printed.
  Builds the interface first when it hasn't been built. Takes the options of "arcflux serve".`;

export async function startCommand(argv: readonly string[], print: (text: string) => void) {
  const desktop = await prepareDesktop({
    packageDir: electronPackageDir(),
    env: process.env,
    now: () => systemClock.now(),
    output: process.stdout,
  });
  if ('binary' in desktop) return run(localBin('electron-vite'), ['preview', ...argv]);
  print(desktop.fallback);
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
