import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * Call once at the top of a test file: `make()` then gives a fresh temporary folder, and
 * every folder made during a test is removed after it.
 */
export function useScratchFolders(): { make(): Promise<string> } {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((path) => rm(path, { recursive: true, force: true })));
  });
  return {
    async make() {
      const path = await mkdtemp(join(tmpdir(), 'arcflux-store-'));
      made.push(path);
      return path;
    },
  };
}
