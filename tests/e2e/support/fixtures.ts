import { expect, test as base, type Page, type TestInfo } from '@playwright/test';
import { startArcfluxServer, type ArcfluxServer } from './arcfluxServer';
import type { Payment } from '../../../shared/schemas/payment';
import { missedPayment, writeDemoLedger } from './demoLedger';

/**
 * Every test gets its own `arcflux serve` and data folder, stopped afterwards. A test that
 * sets `withPayments` starts from a ledger that already holds a few payments, dated
 * relative to the clock the server runs on; `demoPayments` are the ones written.
 */
export const test = base.extend<{
  withPayments: boolean;
  /** Adds a payment holding missed runs to the demo ledger (see missedPayment). */
  withMissedRuns: boolean;
  server: ArcfluxServer & { demoPayments: Payment[] };
}>({
  withPayments: [false, { option: true }],
  withMissedRuns: [false, { option: true }],
  server: async ({ withPayments, withMissedRuns }, use) => {
    let demoPayments: Payment[] = [];
    const prepareData = async (dataDir: string) => {
      const now = new Date();
      const extra = withMissedRuns ? [missedPayment(now)] : [];
      demoPayments = await writeDemoLedger(dataDir, now, extra);
    };
    const server = await startArcfluxServer(withPayments || withMissedRuns ? { prepareData } : {});
    try {
      await use({ ...server, demoPayments });
    } finally {
      await server.stop();
    }
  },
});

/** One of the demo ledger's payments, by id; fails the test when it is not there. */
export function demoPayment(server: { demoPayments: Payment[] }, id: string): Payment {
  const found = server.demoPayments.find((payment) => payment.id === id);
  if (!found) throw new Error(`the demo ledger has no payment ${id}`);
  return found;
}

export { expect };

/** Console errors and CSP violations: none are expected on a healthy page. */
export function watchForPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

export async function attachScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * Calls the REST API as this tab's session: what another client (the CLI, a script)
 * would do while the page watches.
 */
export async function callApi(
  page: Page,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const token = sessionStorage.getItem('arcflux.sessionToken');
      const response = await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    { method, path, body },
  );
}

/** Opens browser mode and waits until the live data is in. */
export async function openApp(page: Page, server: ArcfluxServer): Promise<void> {
  await page.goto(server.launchUrl);
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText('5,000.00 USDC');
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
}
