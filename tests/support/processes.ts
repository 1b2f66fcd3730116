import { spawn } from 'node:child_process';

/** The pid of a process that has exited and been reaped, so it is certainly not alive. */
export async function exitedProcessId(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('could not start a child process');
  return child.pid;
}
