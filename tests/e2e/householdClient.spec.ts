import { startArcfluxServer, type ArcfluxServer } from './support/arcfluxServer';
import { writeDemoLedger } from './support/demoLedger';
import { attachScreenshot, expect, openApp, test, watchForPageProblems } from './support/fixtures';

/** The household member's personal token on the second server (`serve --token`). */
const TOKEN = 'household-e2e-token-0123456789';

/** Calls the household server the way another member's client would. */
async function callHousehold(server: ArcfluxServer, method: 'GET' | 'POST', path: string) {
  const response = await fetch(new URL(path, server.origin), {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
    },
    body: method === 'POST' ? '{}' : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

test.describe('the app as a client of a household server', () => {
  test('connects to a second server, follows it live, shows it offline read-only, and sees it come back', async ({
    page,
    server,
  }, testInfo) => {
    const problems = watchForPageProblems(page);
    // The household server: its own data folder (with history), a known token, and this
    // page's origin allowed to call it.
    const serve = (reuse?: string, port?: number) =>
      startArcfluxServer({
        prepareData: async (dataDir) => void (await writeDemoLedger(dataDir, new Date())),
        extraArguments: ['--token', TOKEN, '--allow-origin', server.origin],
        reuse,
        port,
      });
    let household = await serve();
    try {
      await openApp(page, server);
      const history = page.getByRole('table', { name: 'Payment history' });
      await expect(history).toContainText('No transfers yet');

      await page.getByRole('button', { name: 'Settings' }).click();
      const section = page.getByRole('region', { name: 'Connect to a household server' });
      await section.getByLabel('Server address').fill(household.origin);
      await section.getByLabel('Personal token').fill(TOKEN);
      await section.getByRole('button', { name: 'Check' }).click();
      await expect(section.getByRole('status')).toContainText(
        new RegExp(`Reachable: ArcFlux \\S+ at ${household.origin}, acting as User One`),
      );
      await attachScreenshot(page, testInfo, 'household-checked');
      await section.getByRole('button', { name: 'Connect' }).click();
      await expect(section).toContainText(`Connected to ${household.origin}`);

      // The history is now the household server's.
      await page.getByRole('button', { name: 'Overview' }).click();
      await page.getByRole('button', { name: 'By payment' }).click();
      const rows = history.locator('tbody tr');
      await expect(rows).toHaveCount(4);
      const rent = rows.filter({ hasText: '1,200.00' });
      await expect(rent).toContainText('Scheduled');
      await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

      // Live updates come over the household server's event stream.
      const cancelled = await callHousehold(household, 'POST', '/v1/payments/pay_rent/cancel');
      expect(cancelled.status).toBe(200);
      await expect(rent).toContainText('Cancelled');
      await attachScreenshot(page, testInfo, 'household-connected');

      // The server stops: the app says so, keeps the last history and turns paying off.
      const port = Number(new URL(household.origin).port);
      await household.halt();
      const banner = page.locator('[data-code="household_unreachable"]');
      await expect(banner).toBeVisible();
      await expect(banner).toContainText(household.origin);
      await expect(rows).toHaveCount(4);
      await expect(rent).toContainText('Cancelled');
      await page.getByLabel('Command').fill('Pay User Two 5 USDC');
      await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
      await attachScreenshot(page, testInfo, 'household-offline');
      // Started again while the server is down, the app still shows the last synced history.
      await page.reload();
      await expect(banner).toBeVisible();
      await page.getByLabel('Command').fill('Pay User Two 5 USDC');
      await page.getByRole('button', { name: 'By payment' }).click();
      await expect(rows).toHaveCount(4);
      await expect(rent).toContainText('Cancelled');
      await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();

      // It comes back where it was, and the app reconnects by itself.
      household = await serve(household.root, port);
      await expect(page.locator('[data-code="household_back"]')).toBeVisible({ timeout: 90_000 });
      await expect(banner).toBeHidden();
      await page.getByLabel('Command').fill('Pay User Two 5 USDC');
      await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
      await expect(rows).toHaveCount(4);
      await attachScreenshot(page, testInfo, 'household-back');

      // Disconnecting goes back to this server's own, empty history.
      await page.getByRole('button', { name: 'Settings' }).click();
      await section.getByRole('button', { name: 'Disconnect' }).click();
      await page.getByRole('button', { name: 'Overview' }).click();
      await page.getByRole('button', { name: 'By payment' }).click();
      await expect(history).toContainText('No');
      await expect(rows.filter({ hasText: '1,200.00' })).toHaveCount(0);
      expect(problems.filter((problem) => !problem.includes('Failed to load resource'))).toEqual(
        [],
      );
    } finally {
      await household.stop();
    }
  });
});
