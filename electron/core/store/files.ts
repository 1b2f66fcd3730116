import { access, readFile } from 'node:fs/promises';

/** The file's bytes, or undefined when it does not exist; any other failure is thrown. */
export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** A store file is a plain name inside the data folder, never a path that escapes it. */
export function assertPlainFileName(file: string): void {
  if (file === '' || file === '.' || file === '..' || /[/\\]/.test(file)) {
    throw new Error(`Store file names must be plain names inside the data folder, got "${file}".`);
  }
}

/** Whether something exists at `path`, without reading it. */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
