import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startArcfluxServer } from '../e2e/support/arcfluxServer';

const projectRoot = resolve(import.meta.dirname, '../..');
/** Generates the demo folders in a process of its own (see ledgerScaleChild.ts). */
const scaleChild = resolve(import.meta.dirname, 'ledgerScaleChild.ts');
const chromiumPath = process.env.ARCFLUX_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Browser mode, measured in Debian's Chromium against a real `arcflux serve`:
 * - time to first meaningful paint (first paint, balance figures, ledger) on a fresh folder;
 * - the history of transfers on generated folders (100k and 1M transfers): first rows,
 *   status filter, text search, sort, a jump to the middle of the table, and the CSV.
 * Prints figures only; the machines are shared, so nothing is asserted about time.
 */
export async function runRendererBench(): Promise<void> {
  if (!existsSync(join(projectRoot, 'out', 'renderer', 'index.html'))) {
    console.log('out/renderer is missing: run `npx electron-vite build` first. Skipped.');
    return;
  }
  if (!existsSync(chromiumPath)) {
    console.log(`No Chromium at ${chromiumPath} (set ARCFLUX_CHROMIUM). Skipped.`);
    return;
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    await firstPaint(browser);
    await largeLedger(browser);
  } finally {
    await browser.close();
  }
}

async function firstPaint(browser: Browser): Promise<void> {
  const token = `bench-${randomUUID()}`;
  const server = await startArcfluxServer({ extraArguments: ['--token', token] });
  try {
    for (const run of [1, 2, 3]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await page.addInitScript({ content: RECORD_MILESTONES });
      // A launch link signs in once: each load gets a new one, as `arcflux web` makes.
      await page.goto(run === 1 ? server.launchUrl : await launchLink(server.origin, token));
      await page.getByRole('region', { name: 'Balance' }).getByText('5,000.00').waitFor();
      await page.getByText('No transfers yet').waitFor();
      const marks = await milestones(page);
      print(
        `first load, run ${run}`,
        `first paint ${ms(marks.firstPaint)}  balance ${ms(marks.balance)}  ledger ${ms(marks.ledger)}`,
      );
      await page.close();
    }
  } finally {
    await server.stop();
  }
}

/** Presses Escape while a dialog is open (at most 50 times); how many it closed. */
async function closeDialogs(page: Page): Promise<number> {
  // Any modal (a dialog or an alert dialog): each marks itself aria-modal.
  const dialog = page.locator('[aria-modal="true"]');
  let closed = 0;
  while (closed < 50 && (await dialog.count()) > 0) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
    closed += 1;
  }
  return closed;
}

/** A new launch link from the server, asked for with its API token. */
async function launchLink(origin: string, token: string): Promise<string> {
  const response = await fetch(new URL('/v1/launch-codes', origin), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await response.json()) as { ok: boolean; data?: { link: string } };
  if (!body.ok || !body.data) throw new Error(`no launch link: ${JSON.stringify(body)}`);
  return body.data.link;
}

/**
 * The history of transfers on folders `arcflux generate` makes (through the scale bench's
 * child, in a process of its own): 10k payments with 100k transfers, then 100k payments
 * with 1M. The issue's targets: first rows < 1 s, a filter < 200 ms, a search < 300 ms, and
 * the CSV of 100k rows < 2 s (exported from the 100k-transfer folder, every row).
 */
async function largeLedger(browser: Browser): Promise<void> {
  for (const payments of [10_000, 100_000]) {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const started = performance.now();
    const server = await startArcfluxServer({
      prepareData: async (dataDir) => {
        await promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', scaleChild, 'generate', dataDir, now, String(payments)],
          { cwd: projectRoot, maxBuffer: 1 << 20 },
        );
      },
    });
    const size = `${payments.toLocaleString('en-US')} payments, ${(payments * 10).toLocaleString('en-US')} transfers`;
    print(size, `generated and served ${ms(performance.now() - started)}`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    try {
      await historySteps(page, server.launchUrl, { exportCsv: payments === 10_000 });
    } catch (error) {
      // A step that gets no answer is a figure too: the rest of the bench still runs.
      const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      print('  stopped', first ?? '');
    } finally {
      await page.close();
      await server.stop();
    }
  }
}

/** The history's figures on one server, step by step. */
async function historySteps(
  page: Page,
  launchUrl: string,
  options: { exportCsv: boolean },
): Promise<void> {
  await page.addInitScript({ content: RECORD_MILESTONES });
  await page.goto(launchUrl);
  const count = page.locator('.history-panel .result-count');
  await count.getByText(COUNT_TEXT).waitFor({ timeout: 300_000 });
  await page.locator('.ledger-row:not(.skeleton-row)').first().waitFor();
  const marks = await milestones(page);
  const all = (await count.textContent()) ?? '';
  print(
    '  first rows',
    `${ms(marks.ledger)} after navigation (first paint ${ms(marks.firstPaint)})`,
  );
  print('  rows in the DOM', `${await page.locator('.ledger-row').count()} of ${all}`);
  // The missed-runs dialog opens when its list arrives, which on a busy machine can be after
  // the first rows; the Upcoming banner comes with that list. Without it, a dialog opening
  // mid-step leaves the page inert and the step times out. A folder with none goes on.
  await page
    .getByText(/missed runs while ArcFlux was closed/)
    .waitFor({ timeout: 60_000 })
    .catch(() => undefined);

  /** Waits for the count to move off `from` and the table to settle; the new count. */
  const changed = async (from: string) => {
    await count.getByText(COUNT_TEXT).filter({ hasNotText: from }).waitFor({ timeout: 120_000 });
    await settled(page);
    return (await count.textContent()) ?? '';
  };
  /**
   * Times `work` from a page with no dialog open: the generated history has runs that ask
   * (missed runs, confirmations), whose dialogs make the page inert until answered and may
   * open at any tick. Escape answers each the gentle way (later, or cancel the proposal).
   * The figure is the page's own: from just before the action to the DOM change that shows
   * `watch` done, on the page's clock. Playwright's waits poll, at growing intervals, and
   * timed a search answered in 185 ms at 840 ms.
   */
  const timed = async <T>(
    label: string,
    watch: Watch,
    work: () => Promise<T>,
    describe = (_: T) => '',
  ) => {
    const closed = await closeDialogs(page);
    await page.evaluate(watchScript(watch));
    const result = await work();
    const shown = await page.evaluate<number | null>(
      'window.__watch.doneAt === undefined ? null : window.__watch.doneAt - window.__watch.startedAt',
    );
    const extra = describe(result);
    print(
      `  ${label}`,
      `${shown === null ? 'not seen' : ms(shown)}${extra ? ` (${extra})` : ''}${closed ? `, after closing ${closed} dialog(s)` : ''}`,
    );
    return result;
  };

  /** Times a filter that narrows the history, then clears it and waits for every row again. */
  const narrowing = async (label: string, apply: (narrow: boolean) => Promise<unknown>) => {
    const narrowed = await timed(
      label,
      { done: 'count', from: all },
      async () => {
        await apply(true);
        return changed(all);
      },
      (text) => text,
    );
    await closeDialogs(page);
    await apply(false);
    await changed(narrowed);
  };
  await narrowing('status filter (failed)', (narrow) =>
    page.getByLabel('Status').selectOption(narrow ? 'failed' : 'all'),
  );
  await narrowing('text search "groceries" (incl. the typing pause)', (narrow) =>
    page.getByLabel('Search').fill(narrow ? 'groceries' : ''),
  );
  await timed('sort by amount', { done: 'sorted' }, async () => {
    await page.getByRole('button', { name: 'Amount' }).click();
    await page.locator('th[aria-sort="descending"]').getByText('Amount').waitFor();
    await settled(page);
  });
  await timed('jump to the middle (page fetched and drawn)', { done: 'drawn' }, async () => {
    await page.evaluate(
      "(() => { const table = document.querySelector('.table-scroll'); table.scrollTop = table.scrollHeight / 2; })()",
    );
    await page.waitForTimeout(50);
    await settled(page);
  });
  if (options.exportCsv) {
    await timed(`export all ${all} as CSV`, { done: 'downloaded' }, async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 300_000 }),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      await download.path();
    });
  }
}

// The page-side scripts are text: this file is type-checked without DOM types.

/** On screen while the table is still loading or refreshing: a step is settled when none is. */
const UNSETTLED = '.skeleton-row, .ledger-table--refreshing';

/** The history's count line, such as "83,454 transfers". */
const COUNT_TEXT = /^[\d,]+ transfers?$/;

/**
 * What ends a timed step: the count moving off `from`, the amount column sorted, the rows
 * at the new scroll position drawn (the first change in the table that leaves it settled),
 * or a download (no DOM change: timed from the page's clock when Playwright sees it).
 */
type Watch =
  { done: 'count'; from: string } | { done: 'sorted' } | { done: 'drawn' } | { done: 'downloaded' };

/** Runs in the page: notes when the step's change is on screen, on the page's clock. */
function watchScript(watch: Watch): string {
  return `(() => {
    const watch = ${JSON.stringify(watch)};
    const state = { startedAt: performance.now(), doneAt: undefined };
    window.__watch = state;
    const settled = () => !document.querySelector(${JSON.stringify(UNSETTLED)});
    const done = () => {
      if (watch.done === 'count') {
        const text = document.querySelector('.history-panel .result-count')?.textContent ?? '';
        return new RegExp(${JSON.stringify(COUNT_TEXT.source)}).test(text) && text !== watch.from;
      }
      if (watch.done === 'sorted') {
        return [...document.querySelectorAll('th[aria-sort="descending"]')]
          .some((header) => header.textContent.includes('Amount'));
      }
      return watch.done === 'drawn';
    };
    if (watch.done === 'downloaded') {
      window.__watch = { startedAt: state.startedAt, get doneAt() { return performance.now(); } };
      return;
    }
    const observer = new MutationObserver(() => {
      if (state.doneAt === undefined && done() && settled()) {
        state.doneAt = performance.now();
        observer.disconnect();
      }
    });
    const root = watch.done === 'drawn' ? '.table-scroll' : '.history-panel';
    observer.observe(document.querySelector(root), {
      childList: true, subtree: true, characterData: true, attributes: true,
    });
  })()`;
}

/** Waits until no placeholder rows are on screen and the table is not refreshing. */
async function settled(page: Page): Promise<void> {
  // A function, not text: text predicates are eval'd in the page, which the CSP forbids.
  await page.waitForFunction(
    (unsettled) => {
      const { document } = globalThis as unknown as {
        document: { querySelector(selector: string): unknown };
      };
      return !document.querySelector(unsettled);
    },
    UNSETTLED,
    { timeout: 60_000, polling: 'raf' },
  );
}

/** Runs in the page: notes when the balance and the first ledger rows appear. */
const RECORD_MILESTONES = `
  window.__marks = {};
  new MutationObserver(() => {
    const marks = window.__marks;
    if (marks.balance === undefined && document.querySelector('.balance-amount')) {
      marks.balance = performance.now();
    }
    if (marks.ledger === undefined &&
        document.querySelector('.ledger-row:not(.skeleton-row), .ledger-table .empty-state')) {
      marks.ledger = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function milestones(
  page: Page,
): Promise<{ firstPaint: number; balance: number; ledger: number }> {
  return page.evaluate(`(() => {
    const paint = performance.getEntriesByType('paint')
      .find((entry) => entry.name === 'first-contentful-paint');
    return {
      firstPaint: paint ? paint.startTime : NaN,
      balance: window.__marks.balance ?? NaN,
      ledger: window.__marks.ledger ?? NaN,
    };
  })()`);
}

function print(label: string, figure: string): void {
  console.log(`${label.padEnd(44)} ${figure}`);
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runRendererBench();
