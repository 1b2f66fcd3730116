import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerStore, verifyLedgerFiles } from '../../electron/core/store/ledgerStore';
import { runUntilKilled } from '../support/killLoop';
import { seededRandom } from '../support/seededRandom';
import { ManualClock } from '../support/manualClock';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const KILLS = Number(process.env.LEDGER_KILLS ?? 1000);
/** Share of kills aimed at start-up (lock takeover, loading, torn-line repair). */
const EARLY_KILL_SHARE = 0.1;
const clock = new ManualClock();
const folders: string[] = [];
let childBundle = '';

beforeAll(async () => {
  // One bundled file starts in a fraction of the time tsx needs, which is what lets a
  // thousand kills run in minutes.
  const out = await scratch();
  childBundle = join(out, 'ledgerCrashChild.mjs');
  await build({
    entryPoints: [join(repositoryRoot, 'tests/support/ledgerCrashChild.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: childBundle,
    logLevel: 'error',
  });
});

afterAll(async () => {
  await Promise.all(folders.map((path) => rm(path, { recursive: true, force: true })));
});

interface Acked {
  payments: Set<string>;
  units: Set<string>;
}

describe('ledger store crash safety', () => {
  it(`keeps every acknowledged commit through ${KILLS} SIGKILLs, folds included`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 32));
    console.log(`ledger crash test seed ${seed} (rerun with CRASH_SEED=${seed})`);
    const random = seededRandom(seed);
    const dataDir = await scratch();
    const acked: Acked = { payments: new Set(), units: new Set() };
    const counts = {
      killsBeforeReady: 0,
      killsMidSnapshotWrite: 0,
      killsBetweenSnapshotAndCut: 0,
      folds: 0,
    };
    let lastCovered = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      const early = random() < EARLY_KILL_SHARE;
      const outcome = await runUntilKilled(
        [childBundle, dataDir],
        early
          ? { fromStart: Math.floor(random() * 250) }
          : { afterReady: Math.floor(random() * 40) },
        (line) => {
          const [word, kind, id] = line.split(' ');
          if (word === 'ack' && id) (kind === 'unit' ? acked.units : acked.payments).add(id);
        },
      );
      if (!outcome.reachedReady) counts.killsBeforeReady += 1;
      const left = await readdir(dataDir);
      expect(left.filter((name) => name.includes('.corrupt-'))).toEqual([]);
      if (left.some((name) => name.startsWith('.ledger.json.'))) counts.killsMidSnapshotWrite += 1;
      const state = await foldState(dataDir);
      if (state.covered > lastCovered) counts.folds += 1;
      lastCovered = state.covered;
      if (state.logStartsBeforeCover) counts.killsBetweenSnapshotAndCut += 1;
      // Check a copy, so the next child still meets the crash's leftovers and repairs them.
      await verifyCopy(dataDir, acked, kill);
    }
    expect(await verifyLedgerFiles(dataDir)).toEqual([]);
    console.log(
      `ledger crash test: ${JSON.stringify({ seed, kills: KILLS, ...counts, ackedPayments: acked.payments.size, ackedUnits: acked.units.size, missing: 0 })}`,
    );
    expect(acked.payments.size + acked.units.size).toBeGreaterThan(KILLS);
    // The kills really landed inside folds, at both of its steps.
    expect(counts.folds).toBeGreaterThan(10);
    expect(counts.killsMidSnapshotWrite + counts.killsBetweenSnapshotAndCut).toBeGreaterThan(0);
  }, 1_800_000);
});

/** Where the last fold stands on disk: what the snapshot covers, and whether the cut is done. */
async function foldState(dataDir: string) {
  const snapshot = await readFile(join(dataDir, 'ledger.json'), 'utf8').catch(() => undefined);
  const covered = snapshot ? (JSON.parse(snapshot).covers.seq as number) : 0;
  const log = await readFile(join(dataDir, 'ledger.jsonl'), 'utf8').catch(() => '');
  const firstLine = log.slice(0, log.indexOf('\n'));
  const firstSeq = firstLine ? (JSON.parse(firstLine).body.seq as number) : Infinity;
  return { covered, logStartsBeforeCover: firstSeq <= covered };
}

async function verifyCopy(dataDir: string, acked: Acked, kill: number): Promise<void> {
  const copy = await scratch();
  await cp(dataDir, copy, { recursive: true });
  try {
    const store = await LedgerStore.open(copy, clock, async () => undefined);
    const missingPayments = [...acked.payments, ...acked.units].filter(
      (id) => !store.payments.has(id),
    );
    // A unit is all or nothing: its risk record is there with its payment.
    const missingRisks = [...acked.units].filter((id) => !store.riskById.has(`risk_${id}`));
    const orphanRisks = store.riskAssessments.filter(
      (risk) => !store.payments.has(risk.paymentId ?? ''),
    );
    expect({ kill, missingPayments, missingRisks, orphanRisks }).toEqual({
      kill,
      missingPayments: [],
      missingRisks: [],
      orphanRisks: [],
    });
    await store.close();
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

async function scratch(): Promise<string> {
  // Memory-backed tmpfs when there is one: a SIGKILL leaves the page cache as it is, so
  // what this test checks is the same there, and a thousand kills run several times faster.
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const path = await mkdtemp(join(base, 'arcflux-ledger-crash-'));
  folders.push(path);
  return path;
}
