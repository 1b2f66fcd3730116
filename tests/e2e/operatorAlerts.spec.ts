import { attachScreenshot, callApi, expect, openApp, test } from './support/fixtures';

test.describe('operators and quiet hours', () => {
  test("saves quiet hours and operator alerts in Settings; the operator's list shows a refused payment at once, its pop-up held", async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click();

    // Quiet hours around now on the operator's clock (User Two, Chicago), with an hour's
    // margin either side so the minute the test runs in can't matter.
    const hour = Number(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/Chicago',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(new Date()),
    );
    const at = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
    await page.getByLabel('Hold notifications during quiet hours').check();
    await page.getByLabel('Quiet from').fill(at(hour - 1));
    await page.getByLabel('Quiet until').fill(at(hour + 2));
    await page.getByLabel('A balance drops more than ArcFlux explains').uncheck();
    await attachScreenshot(page, testInfo, 'settings-quiet-hours-and-operator-alerts');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
    const saved = (await callApi(page, 'GET', '/v1/settings')).body.data;
    expect(saved.notificationRules).toEqual({
      quietHours: { start: at(hour - 1), end: at(hour + 2) },
      operatorAlerts: {
        denied: true,
        flagged: true,
        failed: true,
        balance_drop: false,
        overdraft: true,
      },
    });

    // User One's payment over every limit is refused; User Two, the operator, is told.
    const refused = await callApi(page, 'POST', '/v1/commands', {
      text: 'Pay User Two 20000 USDC',
    });
    expect(refused.body.data.decision.outcome).toBe('denied');
    expect((await callApi(page, 'PATCH', '/v1/settings', { actingUserId: 'user2' })).status).toBe(
      200,
    );
    await page.reload();
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await bell.click();
    const centre = page.getByRole('region', { name: 'Notification centre' });
    const alert = centre.getByRole('listitem').filter({ hasText: 'User One: 20,000.00 USDC' });
    await expect(alert).toContainText('was refused');
    await expect(alert).toContainText('Operator alert');
    await expect(alert).toContainText('Desktop held for quiet hours until');
    await expect(alert.getByRole('button', { name: 'View payment' })).toBeVisible();
    await attachScreenshot(page, testInfo, 'operator-alert-held-for-quiet-hours');
  });
});
