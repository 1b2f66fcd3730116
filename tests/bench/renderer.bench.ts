import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { Payment } from '../../shared/schemas/payment';
import { startArcfluxServer } from '../e2e/support/arcfluxServer';
import { samplePayment } from '../support/samples';

const projectRoot = resolve(import.meta.dirname, '../..');
const seedDir = join(projectRoot, 'data');
const chromiumPath = process.env.ARCFLUX_CHROMIUM ?? '/usr/bin/chromium';
const LEDGER_SIZE = 100_000;

/**
 * Browser mode, measured in Debian's Chromium against a real `arcflux serve`:
 * - time to first meaningful paint (first paint, balance figures, ledger) on a fresh folder;
 * - with 100k payments: first rows, status filter, text search, sort, a jump to the middle
 *   of the table, and exporting every row as CSV.
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
  const server = await startArcfluxServer();
  try {
    for (const run of [1, 2, 3]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await page.addInitScript({ content: RECORD_MILESTONES });
      await page.goto(server.launchUrl);
      await page.getByRole('region', { name: 'Balance' }).getByText('5,000.00').waitFor();
      await page.getByText('No payments yet').waitFor();
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

async function largeLedger(browser: Browser): Promise<void> {
  let started = performance.now();
  const server = await startArcfluxServer({ prepareData: writeLargeLedger });
  print(
    `${LEDGER_SIZE.toLocaleString('en-US')} payments`,
    `server ready ${ms(performance.now() - started)}`,
  );
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.addInitScript({ content: RECORD_MILESTONES });
    await page.goto(server.launchUrl);
    const count = page.locator('.history-panel .result-count');
    await count.getByText('100,000 payments').waitFor({ timeout: 120_000 });
    await page.locator('.ledger-row:not(.skeleton-row)').first().waitFor();
    const marks = await milestones(page);
    print(
      'first rows',
      `${ms(marks.ledger)} after navigation (first paint ${ms(marks.firstPaint)})`,
    );
    print('rows in the DOM', `${await page.locator('.ledger-row').count()} of 100,000`);

    started = performance.now();
    await page.getByLabel('Status').selectOption('failed');
    await count.getByText('25,000 payments').waitFor();
    await settled(page);
    print('status filter', ms(performance.now() - started));

    started = performance.now();
    await page.getByLabel('Search').fill('pay_4242');
    await count
      .getByText(/^\d+ payments?$/)
      .filter({ hasNotText: '25,000' })
      .waitFor();
    await settled(page);
    print('text search (incl. 250 ms typing pause)', ms(performance.now() - started));

    await page.getByLabel('Search').fill('');
    await page.getByLabel('Status').selectOption('all');
    await count.getByText('100,000 payments').waitFor();
    await settled(page);

    started = performance.now();
    await page.getByRole('button', { name: 'Amount' }).click();
    await page.locator('th[aria-sort="descending"]').getByText('Amount').waitFor();
    await settled(page);
    print('sort by amount', ms(performance.now() - started));

    started = performance.now();
    await page.evaluate(
      "(() => { const table = document.querySelector('.table-scroll'); table.scrollTop = table.scrollHeight / 2; })()",
    );
    await page.waitForTimeout(50);
    await settled(page);
    print('jump to the middle (page fetched and drawn)', ms(performance.now() - started));

    started = performance.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 300_000 }),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    await download.path();
    print('export all 100,000 rows as CSV', ms(performance.now() - started));
    await page.close();
  } finally {
    await server.stop();
  }
}

// The page-side scripts are text: this file is type-checked without DOM types.

/** Waits until no placeholder rows are on screen and the table is not refreshing. */
async function settled(page: Page): Promise<void> {
  // A function, not text: text predicates are eval'd in the page, which the CSP forbids.
  await page.waitForFunction(
    () => {
      const { document } = globalThis as unknown as {
        document: { querySelector(selector: string): unknown };
      };
      return (
        !document.querySelector('.skeleton-row') &&
        !document.querySelector('.ledger-table--refreshing')
      );
    },
    undefined,
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

async function writeLargeLedger(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  for (const name of await readdir(seedDir)) {
    if (name.endsWith('.json')) await copyFile(join(seedDir, name), join(dataDir, name));
  }
  // Settled states only, so the scheduler has nothing to run while the bench measures.
  const statuses = ['executed', 'failed', 'cancelled', 'denied'] as const;
  const payments: Payment[] = Array.from({ length: LEDGER_SIZE }, (_, index) =>
    samplePayment(`pay_${index}`, {
      amount: `${(index % 5000) + 1}.${index % 100}`,
      currency: index % 3 === 0 ? 'EURC' : 'USDC',
      recipientId: `user${(index % 5) + 2}`,
      status: statuses[index % statuses.length],
      riskAssessmentId: null,
      createdAt: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
      updatedAt: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
    }),
  );
  await writeFile(
    join(dataDir, 'payment_schedule.json'),
    JSON.stringify({ schemaVersion: 1, data: payments }),
  );
}

function print(label: string, figure: string): void {
  console.log(`${label.padEnd(44)} ${figure}`);
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runRendererBench();
