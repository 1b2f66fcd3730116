import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** The folder of the installed `electron` npm package (its install.js, dist/, path.txt). */
export function electronPackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
}

const packageSchema = z.object({
  version: z.string(),
  bin: z.record(z.string(), z.string()).optional(),
});

/** The Electron version the package installs, and its `install-electron` script. */
export function electronPackage(packageDir = electronPackageDir()): {
  version: string;
  installScript: string;
} {
  const parsed = packageSchema.parse(
    JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')),
  );
  return {
    version: parsed.version,
    installScript: join(packageDir, parsed.bin?.['install-electron'] ?? 'install.js'),
  };
}

/**
 * The Electron executable when its binary is installed, else undefined. Since Electron 42,
 * `require('electron')` downloads a missing binary on the spot (synchronously, with no
 * progress and no time limit), so this reads what install-electron leaves behind instead:
 * `path.txt` names the executable inside `dist/`.
 */
export function installedElectronBinary(packageDir = electronPackageDir()): string | undefined {
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const executable = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : undefined;
}
