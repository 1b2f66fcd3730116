import type { InstallProblem, InstallProgress } from './electronInstall';

/**
 * The one sentence `arcflux start` prints when it falls back to browser mode: what is
 * missing, why, and (where something can be done) what to do.
 */
export function browserModeSentence(
  problem: InstallProblem,
  earlier?: { failedAt: string; now: Date },
): string {
  const because = earlier
    ? `${ago(earlier.failedAt, earlier.now)}, ${reason(problem)}; ArcFlux tries again after a day, or now with "npx install-electron"`
    : reason(problem);
  return `Electron's binary is not installed on this machine (${because}), so ArcFlux is starting in browser mode instead.`;
}

function reason(problem: InstallProblem): string {
  switch (problem.code) {
    case 'skipped_by_environment':
      return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded';
    case 'unreachable':
      return `its download failed because ${problem.host} ${unreachable(problem.cause)}, error ${problem.cause}`;
    case 'http_error':
      return `its download from ${problem.host} was refused with HTTP ${problem.status}`;
    case 'stalled':
      return `its download stalled for ${problem.seconds} s`;
    case 'install_failed':
      return `install-electron failed: ${problem.lastLine.replace(/[.\s]+$/, '')}`;
  }
}

/** Node's network error codes, in words. */
function unreachable(cause: string): string {
  if (cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') return 'could not be found';
  if (cause === 'ECONNREFUSED') return 'refused the connection';
  if (cause === 'ETIMEDOUT' || cause === 'UND_ERR_CONNECT_TIMEOUT') return 'did not answer';
  return 'could not be reached';
}

function ago(failedAt: string, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(failedAt)) / 60_000));
  if (minutes < 2) return 'a minute ago';
  if (minutes < 120) return `${minutes} minutes ago`;
  return `${Math.round(minutes / 60)} hours ago`;
}

/** "Downloading Electron 45.6.1: 12.5 of 110.3 MB (11%)". */
export function describeProgress(version: string, progress: InstallProgress): string {
  switch (progress.phase) {
    case 'connecting':
      return `Downloading Electron ${version} from ${progress.host} (once, for the desktop app)...`;
    case 'downloading': {
      const got = megabytes(progress.transferred);
      if (progress.total === null) return `Downloading Electron ${version}: ${got} MB`;
      const percent = Math.floor((progress.transferred / progress.total) * 100);
      return `Downloading Electron ${version}: ${got} of ${megabytes(progress.total)} MB (${percent}%)`;
    }
    case 'extracting':
      return `Unpacking Electron ${version}...`;
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/**
 * Shows progress on one terminal line, redrawn in place; where the output is not a
 * terminal (a log, CI), prints a line per phase and per tenth of the download instead.
 */
export class ProgressLine {
  #lastStep = -1;
  #lastPhase: InstallProgress['phase'] | undefined;
  #drawn = false;

  constructor(
    private readonly version: string,
    private readonly output: { write(text: string): unknown; isTTY?: boolean },
  ) {}

  show(progress: InstallProgress): void {
    const text = describeProgress(this.version, progress);
    if (this.output.isTTY) {
      this.output.write(`\r\x1b[2K${text}`);
      this.#drawn = true;
      return;
    }
    // A tenth of the download, or every 10 MB when the size is unknown.
    const step =
      progress.phase !== 'downloading'
        ? -1
        : progress.total
          ? Math.floor((progress.transferred / progress.total) * 10)
          : Math.floor(progress.transferred / 10_000_000);
    const phaseChanged = progress.phase !== this.#lastPhase;
    if (phaseChanged || step > this.#lastStep) {
      this.output.write(`${text}\n`);
      this.#lastStep = step;
    }
    this.#lastPhase = progress.phase;
  }

  /** Ends the redrawn line so what is printed next starts on a line of its own. */
  end(): void {
    if (this.#drawn) this.output.write('\n');
    this.#drawn = false;
  }
}
