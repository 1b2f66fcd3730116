import { cp, mkdtemp, readdir, readFile, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA_LOCK_FILE, JsonDocument, JsonLinesLog } from '../../electron/core/store';
import { crashJournalSpec, crashLedgerSpec } from '../support/crashStore';
import { runUntilKilled } from '../support/killLoop';
import { seededRandom } from '../support/seededRandom';
import { ManualClock } from '../support/manualClock';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const childScript = join(repositoryRoot, 'tests/support/crashStoreChild.ts');
const KILLS = 200;
/** Share of kills aimed at start-up (lock takeover, loading, torn-line repair). */
const EARLY_KILL_SHARE = 0.15;
const clock = new ManualClock();
const folders: string[] = [];

afterAll(async () => {
  await Promise.all(folders.map((path) => rm(path, { recursive: true, force: true })));
});

describe('store crash safety', () => {
  it(`keeps every acknowledged write through ${KILLS} SIGKILLs`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 32));
    console.log(`crash test seed ${seed} (rerun with CRASH_SEED=${seed})`);
    const random = seededRandom(seed);
    const dataDir = await scratch();
    const acked = { ledger: new Set<string>(), journal: new Set<string>() };
    const counts = {
      killsBeforeReady: 0,
      killsMidLedgerWrite: 0,
      staleLocks: 0,
      tornTailsMade: 0,
      tornLinesDropped: 0,
    };

    for (let kill = 0; kill < KILLS; kill += 1) {
      const early = random() < EARLY_KILL_SHARE;
      const outcome = await runUntilKilled(
        ['--import', 'tsx', childScript, dataDir],
        early
          ? { fromStart: Math.floor(random() * 700) }
          : { afterReady: Math.floor(random() * 60) },
        (line) => {
          const [word, kind, id] = line.split(' ');
          if (word === 'ack' && id) (kind === 'doc' ? acked.ledger : acked.journal).add(id);
        },
      );
      if (!outcome.reachedReady) counts.killsBeforeReady += 1;
      const left = await readdir(dataDir);
      if (left.some((name) => name.startsWith(`.${crashLedgerSpec.file}.`))) {
        counts.killsMidLedgerWrite += 1;
      }
      if (left.includes(DATA_LOCK_FILE)) counts.staleLocks += 1;
      expect(left.filter((name) => name.includes('.corrupt-'))).toEqual([]);
      if (random() < 0.5 && (await tearUnacknowledgedTail(dataDir, acked.journal, random))) {
        counts.tornTailsMade += 1;
      }
      // Check a copy, so the next child still meets the crash's leftovers and repairs them.
      if (await verifyCopy(dataDir, acked, kill)) counts.tornLinesDropped += 1;
    }

    const torn = await verifyFolder(dataDir, acked, KILLS);
    const summary = {
      seed,
      kills: KILLS,
      ...counts,
      ackedLedgerWrites: acked.ledger.size,
      ackedJournalAppends: acked.journal.size,
      missing: 0,
    };
    console.log(
      `crash test: ${JSON.stringify(summary)}${torn ? ' (final load dropped a torn line)' : ''}`,
    );
    expect(acked.ledger.size).toBeGreaterThan(KILLS);
    expect(acked.journal.size).toBeGreaterThan(KILLS);
  }, 600_000);
});

/**
 * SIGKILL cannot tear a write (the kernel already holds the bytes), but a power cut can
 * lose the unsynced end of the file. This cuts the journal's last line short, as a power
 * cut would, when that line was never acknowledged: an acknowledged line is fsync'd and
 * a power cut cannot take it.
 */
async function tearUnacknowledgedTail(
  dataDir: string,
  acknowledged: Set<string>,
  random: () => number,
): Promise<boolean> {
  const path = join(dataDir, crashJournalSpec.file);
  const bytes = await readFile(path).catch(() => undefined);
  // A tail torn earlier stays until a child gets far enough to repair it.
  if (!bytes || bytes.length === 0 || bytes[bytes.length - 1] !== 0x0a) return false;
  const start = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
  const lastLine = JSON.parse(bytes.toString('utf8', start)) as { data: { id: string } };
  if (acknowledged.has(lastLine.data.id)) return false;
  const keep = 1 + Math.floor(random() * (bytes.length - start - 1));
  await truncate(path, start + keep);
  return true;
}

async function verifyCopy(
  dataDir: string,
  acked: { ledger: Set<string>; journal: Set<string> },
  kill: number,
): Promise<boolean> {
  const copy = await scratch();
  await cp(dataDir, copy, { recursive: true });
  try {
    return await verifyFolder(copy, acked, kill);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

/** Loads both files the way the app does and checks every acknowledged id is there. */
async function verifyFolder(
  dataDir: string,
  acked: { ledger: Set<string>; journal: Set<string> },
  kill: number,
): Promise<boolean> {
  const ledger = await JsonDocument.open(dataDir, crashLedgerSpec, clock);
  const journal = await JsonLinesLog.open(dataDir, crashJournalSpec, clock);
  const inLedger = new Set(ledger.value.payments.map((payment) => payment.id));
  const inJournal = new Set(journal.records.map((record) => record.id));
  const missingLedger = [...acked.ledger].filter((id) => !inLedger.has(id));
  const missingJournal = [...acked.journal].filter((id) => !inJournal.has(id));
  expect({ kill, missingLedger, missingJournal }).toEqual({
    kill,
    missingLedger: [],
    missingJournal: [],
  });
  return journal.droppedTornLine;
}

async function scratch(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'arcflux-crash-'));
  folders.push(path);
  return path;
}
