import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root. This module sits two folders below it in the source tree
 * (electron/core) and, once bundled by electron-vite, inside out/main, also two below.
 */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The demo seed copied into a fresh data folder. */
export const defaultSeedDir = join(projectRoot, 'data');

/** The system configuration shipped with the app. */
export const defaultConfigPath = join(projectRoot, 'system_config.json');

/**
 * Where the CLI and server keep data when no --data is given: ARCFLUX_DATA_DIR, else the
 * same folder Electron uses for userData/data, so every door sees one ledger.
 */
export function defaultDataDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.ARCFLUX_DATA_DIR) return env.ARCFLUX_DATA_DIR;
  return join(appDataDir(env, platform), 'ArcFlux', 'data');
}

function appDataDir(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform) {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
}
