import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIntent } from '../../electron/core/intent/parseIntent';
import { runCli } from '../support/cli';
import { seededDataFolder, temporaryFolder } from '../support/dataFolder';
import {
  CORPUS_NOW,
  CORPUS_TIMEZONE,
  corpusContext,
  demoUsers,
  loadCorpus,
} from '../support/intentCorpus';

const CLOCK = ['--now', CORPUS_NOW, '--tz', CORPUS_TIMEZONE];
const scratch = temporaryFolder('arcflux-parse-');
afterAll(() => scratch.remove());

/** Runs `arcflux parse` with `input` on stdin. */
function runParse(args: readonly string[], input: string, env: NodeJS.ProcessEnv = {}) {
  return runCli(['parse', ...args], env, input);
}

function outputLines(stdout: string) {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as { text: string; intent: unknown });
}

describe('arcflux parse', () => {
  it('writes one {text, intent} line per input line, in order, equal to the in-process parse', async () => {
    const users = demoUsers();
    // Lines labelled for another clock, zone or user are parsed with the CLI's defaults.
    const corpus = loadCorpus().filter((entry) => !entry.now && !entry.timezone && !entry.userId);
    // What the child reads: stdin is UTF-8, so a lone surrogate arrives as U+FFFD.
    const texts = corpus.map((entry) => Buffer.from(entry.text, 'utf8').toString('utf8'));
    const missingData = join(scratch.path, 'never-created');
    const result = await runParse(CLOCK, `${texts.join('\n')}\n`, {
      ARCFLUX_DATA_DIR: missingData,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = outputLines(result.stdout);
    expect(lines).toHaveLength(corpus.length);
    lines.forEach((line, index) => {
      expect(Object.keys(line)).toEqual(['text', 'intent']);
      expect(line.text).toBe(texts[index]);
      expect(line.intent).toEqual(parseIntent(texts[index]!, corpusContext(corpus[index]!, users)));
    });
    // The default data is the demo seed, read in place: no data folder was made or locked.
    expect(existsSync(missingData)).toBe(false);
  });

  it('handles CRLF, empty lines and a last line without a newline', async () => {
    const result = await runParse(CLOCK, 'yes\r\n\r\npay bob 20 tomorrow');
    expect(result.code).toBe(0);
    const lines = outputLines(result.stdout);
    expect(lines.map((line) => line.text)).toEqual(['yes', '', 'pay bob 20 tomorrow']);
    expect(lines.map((line) => (line.intent as { kind: string }).kind)).toEqual([
      'confirm',
      'unknown',
      'payment',
    ]);
  });

  it('parses against a data folder with --data and gives the same answers', async () => {
    const folder = seededDataFolder();
    try {
      const input = 'pay the bakery 20 every friday\nstop paying alex\n';
      const fromSeed = await runParse(CLOCK, input);
      const fromFolder = await runParse([...CLOCK, '--data', folder.path], input);
      expect(fromFolder.stderr).toBe('');
      expect(fromFolder.code).toBe(0);
      expect(fromFolder.stdout).toBe(fromSeed.stdout);
    } finally {
      folder.remove();
    }
  });

  it('parses as another user with --user, in that user’s contacts', async () => {
    const result = await runParse([...CLOCK, '--user', 'user2'], 'pay user one 5\n');
    expect(outputLines(result.stdout)[0]?.intent).toMatchObject({
      recipient: { text: 'user one', userId: 'user1' },
    });
  });

  it('says clearly that no model ran when --engine llm has none, and prints nothing', async () => {
    const result = await runParse([...CLOCK, '--engine', 'llm'], 'pay bob 20\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no local language model can run: .*Nothing was parsed/);
  });

  it('falls back to the rules with --engine auto, and says so on stderr only', async () => {
    const result = await runParse([...CLOCK, '--engine', 'auto'], 'pay bob 20\n');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/every line is parsed by the rules engine/);
    expect(outputLines(result.stdout)).toHaveLength(1);
  });

  it('explains a bad flag and exits 2', async () => {
    const result = await runParse(['--tz', 'Mars/Olympus_Mons'], 'yes\n');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/--tz: must be an IANA time zone/);
    const unknownUser = await runParse(['--user', 'user42'], 'yes\n');
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toContain('There is no user "user42"');
  });
});
