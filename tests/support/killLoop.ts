import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { repositoryRoot } from './dataFolder';

/** When to SIGKILL a crash test's child: so long after it started, or after it said ready. */
export type KillPlan = { fromStart: number } | { afterReady: number };

/**
 * Starts a crash test's child (`node ...args`), SIGKILLs it as planned, and hands every
 * line it printed to `onLine`. Resolves once the child is gone; 'close' comes after its
 * last line of output, so no acknowledgement is missed. A child that ends any other way
 * than by the kill fails the test with its stderr.
 */
export async function runUntilKilled(
  args: readonly string[],
  plan: KillPlan,
  onLine: (line: string) => void,
): Promise<{ reachedReady: boolean }> {
  const child = spawn(process.execPath, args, {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let reachedReady = false;
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  const kill = () => child.kill('SIGKILL');
  if ('fromStart' in plan) timer = setTimeout(kill, plan.fromStart);
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('ready')) {
      reachedReady = true;
      if ('afterReady' in plan) timer = setTimeout(kill, plan.afterReady);
    }
    onLine(line);
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  clearTimeout(timer);
  if (signal !== 'SIGKILL') {
    throw new Error(`the child ended by itself (code ${code}, signal ${signal}):\n${stderr}`);
  }
  return { reachedReady };
}
