/**
 * Whether a process with this id exists on this machine. Signal 0 only asks; EPERM means
 * it exists but belongs to another user, which still makes it alive.
 */
export function isProcessAlive(pid: number): boolean {
  // 0 and negative ids address process groups, not a process.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
