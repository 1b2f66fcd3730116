import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../core/paths';

/** A tool installed with the project (node_modules/.bin). */
export function localBin(name: string): string {
  return join(
    projectRoot,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? `${name}.cmd` : name,
  );
}

/** Runs a command in the project folder, sharing this terminal; resolves to its exit code. */
export function run(command: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
