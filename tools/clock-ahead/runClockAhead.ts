// `npm run test:clock-ahead [-- OFFSET]`: the unit, integration and end-to-end tiers again,
// with the system clock moved OFFSET ahead (a year by default) for every process they start:
// vitest, the servers and CLI children under test, and Chromium. libfaketime (Debian's
// `faketime`) does the moving, so nothing in ArcFlux has a back door for its clock. A test
// that only passes on today's date fails here.
import { spawnSync } from 'node:child_process';

const OFFSET_FORMAT = /^[+-]\d+[smhdy]$/;
const TIERS = ['test:unit', 'test:integration', 'test:e2e'] as const;

/**
 * This run is about dates, not load: the household chaos test (minutes of SIGKILLs and
 * PostgreSQL restarts, already run at full scale by `npm test`) runs here at a fifth of
 * its kills, so CI's two passes stay inside its time limit. A variable set by the caller
 * wins.
 */
const CLOCK_AHEAD_SCALE = { HOUSEHOLD_CHAOS_KILLS: '60', HOUSEHOLD_CHAOS_PG_RESTARTS: '3' };

function main(): number {
  const offset = process.argv[2] ?? '+365d';
  if (!OFFSET_FORMAT.test(offset)) {
    console.error(
      `test:clock-ahead: "${offset}" is not an offset faketime understands. Give a sign, a number and a unit (s, m, h, d or y), such as +365d or +2y; nothing was run.`,
    );
    return 2;
  }
  const shifted = spawnSync(
    'faketime',
    ['-f', offset, process.execPath, '-e', 'process.stdout.write(new Date().toISOString())'],
    { encoding: 'utf8' },
  );
  if (shifted.error || shifted.status !== 0) {
    console.error(
      `test:clock-ahead: faketime could not run (${shifted.error?.message ?? shifted.stderr.trim()}). Install it ("apt-get install faketime" on Debian, "brew install libfaketime" on macOS) and run again; nothing was run.`,
    );
    return 1;
  }
  console.log(`test:clock-ahead: the clock reads ${shifted.stdout} (${offset}) for every tier.`);
  for (const tier of TIERS) {
    const started = performance.now();
    const run = spawnSync('faketime', ['-f', offset, 'npm', 'run', tier], {
      stdio: 'inherit',
      env: { ...CLOCK_AHEAD_SCALE, ...process.env },
    });
    const seconds = Math.round((performance.now() - started) / 1000);
    if (run.status !== 0) {
      console.error(
        `test:clock-ahead: ${tier} failed with the clock ${offset} (after ${seconds} s).`,
      );
      return run.status ?? 1;
    }
    console.log(`test:clock-ahead: ${tier} passed with the clock ${offset} in ${seconds} s.`);
  }
  return 0;
}

process.exitCode = main();
