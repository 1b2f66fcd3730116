import { electronPackage, installedElectronBinary } from './electronBinary';
import {
  installElectron,
  recentFailure,
  rememberFailure,
  type InstallOptions,
  type InstallOutcome,
} from './electronInstall';
import { browserModeSentence, ProgressLine } from './launchMessages';

export interface PrepareDesktopOptions {
  packageDir: string;
  env: NodeJS.ProcessEnv;
  now(): Date;
  /** Where progress goes: the terminal, redrawn in place, or a log, a line a step. */
  output: { write(text: string): unknown; isTTY?: boolean };
  install?: (options: InstallOptions) => Promise<InstallOutcome>;
}

/**
 * What `arcflux start` needs before it can open the desktop app: the Electron binary.
 * Electron 42 and later no longer download it at `npm install`, so the first start fetches
 * it, once, with progress. Where that can't happen the answer is the sentence to print
 * before browser mode starts instead.
 */
export async function prepareDesktop(
  options: PrepareDesktopOptions,
): Promise<{ binary: string } | { fallback: string }> {
  const installed = installedElectronBinary(options.packageDir);
  if (installed) return { binary: installed };
  if (isSet(options.env.ELECTRON_SKIP_BINARY_DOWNLOAD)) {
    return { fallback: browserModeSentence({ code: 'skipped_by_environment' }) };
  }
  const earlier = recentFailure(options.packageDir, options.now());
  if (earlier) {
    return {
      fallback: browserModeSentence(earlier.problem, {
        failedAt: earlier.failedAt,
        now: options.now(),
      }),
    };
  }
  const line = new ProgressLine(electronPackage(options.packageDir).version, options.output);
  const outcome = await (options.install ?? installElectron)({
    packageDir: options.packageDir,
    env: options.env,
    onProgress: (progress) => line.show(progress),
  });
  line.end();
  if (outcome.ok) return { binary: outcome.binary };
  rememberFailure(options.packageDir, outcome.problem, options.now());
  return { fallback: browserModeSentence(outcome.problem) };
}

/** Set means any value but empty, "0" or "false": ELECTRON_SKIP_BINARY_DOWNLOAD=0 skips nothing. */
function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
