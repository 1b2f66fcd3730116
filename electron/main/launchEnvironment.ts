import { isAbsolute } from 'node:path';

/**
 * What the desktop app takes from the environment and the command line it was started
 * with. A packaged app is run by people, not by a developer's tooling, so anything that
 * only development needs is ignored there: whoever can set a variable in the user's
 * session (a shortcut, a login script, another program) must not be able to choose the
 * page that gets every IPC method, the Circle key setter and the microphone, or the
 * ledger whose contacts the payments go to. This is the environment-side twin of the
 * fuses set in electron-builder.yml, which only cover what Electron itself reads.
 */
export interface LaunchEnvironment {
  /** The dev server page to load instead of app://arcflux (electron-vite dev only). */
  rendererUrl: string | null;
  /** A data folder chosen in the environment (tests, development) instead of the profile's. */
  dataDirOverride: string | null;
  /** Switches that would let another process drive the app; a packaged app won't start with them. */
  refusedSwitches: string[];
  /** Variables that were set but not used, with the reason, for one warning line each. */
  ignored: { variable: LaunchVariable; reason: IgnoredReason }[];
}

export type LaunchVariable = 'ELECTRON_RENDERER_URL' | 'ARCFLUX_DATA_DIR';
export type IgnoredReason = 'packaged' | 'not_loopback_http' | 'not_absolute';

export interface LaunchInput {
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** process.argv: the switches Chromium and Node read as well. */
  argv: readonly string[];
  platform: NodeJS.Platform;
}

/**
 * The one rule for what a launch honours. Unpackaged (development, tests) it accepts a
 * dev server on loopback and a data folder override; packaged it accepts neither and
 * refuses remote-debugging and inspector switches, which would expose the window to any
 * local process just as a foreign renderer URL would.
 */
export function readLaunchEnvironment({
  isPackaged,
  env,
  argv,
  platform,
}: LaunchInput): LaunchEnvironment {
  const ignored: LaunchEnvironment['ignored'] = [];
  const rendererUrl = pick('ELECTRON_RENDERER_URL', isLoopbackHttpUrl, 'not_loopback_http');
  const dataDirOverride = pick('ARCFLUX_DATA_DIR', isAbsolute, 'not_absolute');
  return {
    rendererUrl,
    dataDirOverride,
    refusedSwitches: isPackaged
      ? argv.slice(1).filter((argument) => isDebuggingSwitch(argument, platform))
      : [],
    ignored,
  };

  function pick(
    variable: LaunchVariable,
    acceptable: (value: string) => boolean,
    unacceptable: IgnoredReason,
  ): string | null {
    const value = env[variable];
    if (!value) return null;
    if (isPackaged) ignored.push({ variable, reason: 'packaged' });
    else if (!acceptable(value)) ignored.push({ variable, reason: unacceptable });
    else return value;
    return null;
  }
}

/** One line for the log; names the variable, never its value. */
export function describeIgnored({ variable, reason }: LaunchEnvironment['ignored'][number]) {
  const why: Record<IgnoredReason, string> = {
    packaged: 'a packaged app uses no development settings from the environment',
    not_loopback_http: 'it is not an http:// address on this machine (localhost, 127.0.0.1, [::1])',
    not_absolute: 'it is not a full path',
  };
  return `ArcFlux ignored ${variable}: ${why[reason]}.`;
}

/** An http:// address on this machine: what electron-vite's dev server listens on. */
export function isLoopbackHttpUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || url.username !== '' || url.password !== '') return false;
  return (
    url.hostname === 'localhost' ||
    url.hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname)
  );
}

/**
 * Chromium's remote debugging and Node's inspector. Chromium takes switches after "--",
 * "-" or (on Windows) "/"; the fuse `enableNodeCliInspectArguments` already stops the
 * inspector, and this check backs it up and covers remote debugging, which no fuse does.
 */
function isDebuggingSwitch(argument: string, platform: NodeJS.Platform): boolean {
  const prefix = platform === 'win32' ? /^(?:--?|\/)([A-Za-z-]+)/ : /^--?([A-Za-z-]+)/;
  const name = prefix.exec(argument)?.[1]?.toLowerCase();
  return name !== undefined && (name.startsWith('remote-debugging') || name.startsWith('inspect'));
}
