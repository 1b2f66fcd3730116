import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** The pid of a process that has exited and been reaped, so it is certainly not alive. */
export async function exitedProcessId(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('could not start a child process');
  return child.pid;
}

/**
 * Whether `pid` still runs. A killed process whose parent is gone may linger as a zombie
 * until init reaps it (and some containers' init never does): on Linux a zombie counts as
 * stopped, since it runs nothing.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // The state is the field after the parenthesised command name: "Z" for a zombie.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return existsSync(`/proc/${pid}`);
  }
}

/** Waits until `pid` has stopped, for at most `timeoutMs`; true if it did. */
export async function stopsWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
