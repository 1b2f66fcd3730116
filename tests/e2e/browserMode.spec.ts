import { startArcfluxServer } from './support/arcfluxServer';
import { attachScreenshot, expect, test, watchForPageProblems } from './support/fixtures';

test.describe('browser mode', () => {
  test('shows the demo balance and an empty payment history', async ({
    page,
    server,
  }, testInfo) => {
    const problems = watchForPageProblems(page);
    await page.goto(server.launchUrl);

    const balance = page.getByRole('region', { name: 'Balance' });
    await expect(balance).toContainText('5,000.00 USDC');
    await expect(balance).toContainText('1,000.00 EURC');
    await expect(page.getByRole('banner')).toContainText('User One');

    const history = page.getByRole('table', { name: 'Payment history' });
    await expect(history).toBeVisible();
    // The history lists transfers (each run of each payment) unless grouped by payment.
    await expect(history).toContainText('No transfers yet');
    for (const column of ['Paid at', 'Recipient', 'Amount', 'Currency', 'Status', 'Transaction']) {
      await expect(history.getByRole('columnheader', { name: column })).toBeVisible();
    }

    // The launch code is traded for a session and leaves the address bar at once.
    expect(new URL(page.url()).hash).toBe('');
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    expect(problems).toEqual([]);
    await attachScreenshot(page, testInfo, 'browser-mode-light');

    await page.emulateMedia({ colorScheme: 'dark' });
    await attachScreenshot(page, testInfo, 'browser-mode-dark');
  });

  test('shows the balances added up, approximately, with the rate and its date', async ({
    page,
    server,
  }, testInfo) => {
    await page.goto(server.launchUrl);
    const total = page
      .getByRole('region', { name: 'Balance' })
      .getByRole('group', { name: 'Combined balance' });
    // 5,000 USDC + 1,000 EURC at the simulated 1.0834, dated by the server's clock.
    await expect(total).toContainText('Total ≈ 6,083.40 USDC');
    await expect(total).toContainText(
      /1 EUR = 1\.0834 USD, simulated, as of \d{1,2} [A-Z][a-z]{2}/,
    );
    await expect(total).not.toContainText('stale');
    await attachScreenshot(page, testInfo, 'combined-balance');
  });

  test('refuses API calls that carry no token', async ({ page, server }) => {
    await page.goto(server.launchUrl);
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('5,000.00 USDC');

    const reply = await page.evaluate(async () => {
      const response = await fetch('/v1/payments');
      return { status: response.status, body: (await response.json()) as unknown };
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  test('keeps the session across a reload of the tab', async ({ page, server }) => {
    await page.goto(server.launchUrl);
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('5,000.00 USDC');
    await page.reload();
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('5,000.00 USDC');
  });

  test('says how to sign in when opened without a launch code, on one screen', async ({
    page,
    server,
  }, testInfo) => {
    await page.goto(`${server.origin}/`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This tab is not signed in');
    await expect(page.getByText('arcflux web', { exact: true })).toBeVisible();
    // One screen, not a failed box per panel with a Retry that cannot work.
    await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Balance' })).toHaveCount(0);
    await attachScreenshot(page, testInfo, 'browser-mode-signed-out');
  });

  test('a launch link works once: a second tab opening it is told so', async ({
    page,
    browser,
    server,
  }, testInfo) => {
    await page.goto(server.launchUrl);
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('5,000.00 USDC');
    const other = await browser.newContext();
    try {
      const second = await other.newPage();
      await second.goto(server.launchUrl);
      await expect(second.getByRole('heading', { level: 1 })).toHaveText(
        'This sign-in link was already used',
      );
      await expect(second.getByText('5,000.00')).toHaveCount(0);
      await attachScreenshot(second, testInfo, 'browser-mode-link-used');
    } finally {
      await other.close();
    }
  });

  test('after a server restart, shows one screen saying so and how to get back in', async ({
    page,
    server,
  }, testInfo) => {
    const problems = watchForPageProblems(page);
    await page.goto(server.launchUrl);
    const balance = page.getByRole('region', { name: 'Balance' });
    await expect(balance).toContainText('5,000.00 USDC');
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

    // The same address, a new run of the server: the tab's session died with the old one.
    const port = Number(new URL(server.origin).port);
    await server.stop();
    const restarted = await startArcfluxServer({ port });
    try {
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        'The ArcFlux server restarted',
        { timeout: 30_000 },
      );
      await expect(page.getByText('arcflux web', { exact: true })).toBeVisible();
      // The figures from before are gone, not left looking current.
      await expect(page.getByText('5,000.00')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
      await attachScreenshot(page, testInfo, 'browser-mode-server-restarted');
      // A reload keeps saying what to do rather than four failed panels.
      await page.reload();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('This tab is not signed in');
      // The fresh link gets the tab back in.
      await page.goto(restarted.launchUrl);
      await expect(balance).toContainText('5,000.00 USDC');
    } finally {
      await restarted.stop();
    }
    // Refused connections and 401s while the server was away are expected console noise;
    // a script error is not.
    expect(problems.filter((problem) => problem.startsWith('page error'))).toEqual([]);
  });

  test('follows the core live over the event stream', async ({ page, server }, testInfo) => {
    await page.goto(server.launchUrl);
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('User One');

    // Another client switches the acting user; the page hears it over SSE and reloads.
    const status = await page.evaluate(async () => {
      const token = sessionStorage.getItem('arcflux.sessionToken');
      const response = await fetch('/v1/settings', {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ actingUserId: 'user2' }),
      });
      return response.status;
    });
    expect(status).toBe(200);
    await expect(page.getByRole('banner')).toContainText('User Two');
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('800.00 USDC');
    await attachScreenshot(page, testInfo, 'browser-mode-live-update');
  });

  test('filters the history and offers to clear the filters', async ({ page, server }) => {
    await page.goto(server.launchUrl);
    const history = page.getByRole('table', { name: 'Payment history' });
    await expect(history).toContainText('No transfers yet');
    await page.getByLabel('Status').selectOption('failed');
    await expect(history).toContainText('No transfers match these filters');
    await history.getByRole('button', { name: 'Clear filters' }).click();
    await expect(history).toContainText('No transfers yet');
    await expect(page.getByLabel('Status')).toHaveValue('all');
  });
});

test.describe('browser mode with payments', () => {
  test.use({ withPayments: true });

  test('lists payments with names, exact amounts and schedules in words', async ({
    page,
    server,
  }, testInfo) => {
    await page.goto(server.launchUrl);
    const history = page.getByRole('table', { name: 'Payment history' });
    const rows = history.locator('tbody tr');
    // The demo ledger's payments have not run: they show grouped by payment.
    await page.getByRole('button', { name: 'By payment' }).click();
    await expect(rows).toHaveCount(4);
    // None has run: newest made first.
    await expect(rows.nth(0)).toContainText('Alex Kim');
    await expect(rows.nth(0)).toContainText('Held for review');
    await expect(rows.nth(0)).toContainText('Every 2 weeks on Friday at 8:30 AM');

    const rent = history.getByRole('row', { name: /Alice Chen/ });
    await expect(rent).toContainText('1,200.00');
    await expect(rent).toContainText('USDC');
    await expect(rent).toContainText('Scheduled');
    await expect(rent).toContainText('Every month on the 1st at 9:00 AM');
    // Nothing has run: no last-paid time.
    await expect(rent.getByLabel('Not run yet')).toBeVisible();

    const bakery = history.getByRole('row', { name: /Carol's Bakery/ });
    await expect(bakery).toContainText('42.50');
    await expect(bakery).toContainText('EURC');
    await expect(bakery).toContainText('Sent');
    await expect(bakery).toContainText('Once, right away');
    await expect(page.getByText('4 payments')).toBeVisible();
    await attachScreenshot(page, testInfo, 'browser-mode-ledger');
    await page.emulateMedia({ colorScheme: 'dark' });
    await attachScreenshot(page, testInfo, 'browser-mode-ledger-dark');
  });

  test('filters by status and searches through the core', async ({ page, server }) => {
    await page.goto(server.launchUrl);
    const rows = page.getByRole('table', { name: 'Payment history' }).locator('tbody tr');
    await page.getByRole('button', { name: 'By payment' }).click();
    await expect(rows).toHaveCount(4);

    // Status filters transfers: none of these payments has a failed run.
    await page.getByLabel('Status').selectOption('failed');
    await expect(rows.first()).toContainText('No payments match these filters');

    await page.getByLabel('Status').selectOption('all');
    await page.getByLabel('Search').fill('bakery');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("Carol's Bakery");

    await page.getByLabel('Search').fill('no such payment');
    await expect(rows.first()).toContainText('No payments match these filters');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page.getByLabel('Search')).toHaveValue('');
    await expect(rows).toHaveCount(4);
    // The cleared search stays cleared once the typing delay has passed.
    await page.waitForTimeout(600);
    await expect(rows).toHaveCount(4);
  });
});
