import { describe, expect, it } from 'vitest';
import {
  browserModeSentence,
  describeProgress,
  ProgressLine,
} from '../../../electron/launcher/launchMessages';

const FALLBACK =
  /^Electron's binary is not installed on this machine \((.+)\), so ArcFlux is starting in browser mode instead\.$/;

describe("start's one sentence before browser mode", () => {
  it.each([
    [
      { code: 'skipped_by_environment' } as const,
      'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded',
    ],
    [
      { code: 'unreachable', host: 'github.com', cause: 'ENOTFOUND' } as const,
      'its download failed because github.com could not be found, error ENOTFOUND',
    ],
    [
      { code: 'unreachable', host: 'mirror.example', cause: 'ECONNREFUSED' } as const,
      'its download failed because mirror.example refused the connection, error ECONNREFUSED',
    ],
    [
      { code: 'unreachable', host: 'github.com', cause: 'UND_ERR_CONNECT_TIMEOUT' } as const,
      'its download failed because github.com did not answer, error UND_ERR_CONNECT_TIMEOUT',
    ],
    [
      { code: 'unreachable', host: 'github.com', cause: 'ECONNRESET' } as const,
      'its download failed because github.com could not be reached, error ECONNRESET',
    ],
    [
      { code: 'http_error', host: 'github.com', status: 403 } as const,
      'its download from github.com was refused with HTTP 403',
    ],
    [{ code: 'stalled', seconds: 60 } as const, 'its download stalled for 60 s'],
    [
      { code: 'install_failed', exitCode: 1, lastLine: 'Error: no space left on device.' } as const,
      'install-electron failed: Error: no space left on device',
    ],
  ])('says why for %o', (problem, why) => {
    const sentence = browserModeSentence(problem);
    expect(FALLBACK.exec(sentence)?.[1]).toBe(why);
    // One sentence: nothing after its full stop.
    expect(sentence.split('. ')).toHaveLength(1);
  });

  it('says when an earlier failure happened and how to try again now', () => {
    const now = new Date('2031-01-01T12:00:00.000Z');
    const problem = { code: 'http_error', host: 'github.com', status: 404 } as const;
    expect(browserModeSentence(problem, { failedAt: '2031-01-01T11:59:30.000Z', now })).toContain(
      '(a minute ago, its download from github.com was refused with HTTP 404; ArcFlux tries again after a day, or now with "npx install-electron")',
    );
    expect(browserModeSentence(problem, { failedAt: '2031-01-01T11:15:00.000Z', now })).toContain(
      '(45 minutes ago, its download',
    );
    expect(browserModeSentence(problem, { failedAt: '2031-01-01T03:00:00.000Z', now })).toContain(
      '(9 hours ago, its download',
    );
  });
});

describe('download progress', () => {
  it('reads in megabytes and percent, or megabytes alone when the size is unknown', () => {
    expect(
      describeProgress('45.6.1', {
        phase: 'downloading',
        transferred: 12_500_000,
        total: 110_300_000,
      }),
    ).toBe('Downloading Electron 45.6.1: 12.5 of 110.3 MB (11%)');
    expect(
      describeProgress('45.6.1', { phase: 'downloading', transferred: 3_000_000, total: null }),
    ).toBe('Downloading Electron 45.6.1: 3.0 MB');
  });

  it('redraws one line on a terminal and ends it before the next output', () => {
    const written: string[] = [];
    const line = new ProgressLine('45.6.1', { isTTY: true, write: (text) => written.push(text) });
    line.show({ phase: 'connecting', host: 'github.com' });
    line.show({ phase: 'downloading', transferred: 1_000_000, total: 2_000_000 });
    line.end();
    expect(written).toEqual([
      '\r\x1b[2KDownloading Electron 45.6.1 from github.com (once, for the desktop app)...',
      '\r\x1b[2KDownloading Electron 45.6.1: 1.0 of 2.0 MB (50%)',
      '\n',
    ]);
  });

  it('prints a line per phase and per tenth of the download to a log', () => {
    const written: string[] = [];
    const line = new ProgressLine('45.6.1', { write: (text) => written.push(text) });
    line.show({ phase: 'connecting', host: 'github.com' });
    for (let transferred = 0; transferred <= 100; transferred += 4) {
      line.show({ phase: 'downloading', transferred, total: 100 });
    }
    line.show({ phase: 'extracting' });
    line.show({ phase: 'extracting' });
    line.end();
    expect(written).toHaveLength(1 + 11 + 1);
    expect(written[1]).toBe('Downloading Electron 45.6.1: 0.0 of 0.0 MB (0%)\n');
    expect(written[11]).toBe('Downloading Electron 45.6.1: 0.0 of 0.0 MB (100%)\n');
    expect(written.at(-1)).toBe('Unpacking Electron 45.6.1...\n');
  });
});
