import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from './dataFolder';

export const cliPath = join(repositoryRoot, 'electron', 'cli', 'bin.mjs');

/**
 * Runs the real `arcflux` command in a child process, feeding `stdin` when given, and
 * collects what it printed.
 */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    // Without input the command sees an empty, closed stdin, as in a script.
    child.stdin.end(stdin ?? '');
  });
}
