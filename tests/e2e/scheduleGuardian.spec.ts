import type { Page } from '@playwright/test';
import { attachScreenshot, expect, openApp, test, watchForPageProblems } from './support/fixtures';

/**
 * Issue 12, items 5 and 6 in browser mode: the Guardian follows a schedule over the
 * horizon (its dangers show in the dialog, titled from their codes), and the Upcoming
 * forecast lists a slow schedule beside a fast one and counts both in the lowest balance.
 */
test.describe('schedules the Guardian sees whole', () => {
  test('a draining daily schedule asks with its danger, and Upcoming keeps the weekly one', async ({
    page,
    server,
  }, testInfo) => {
    const problems = watchForPageProblems(page);
    await openApp(page, server);
    await sendCommand(page, 'Pay Alice Chen 120 USDC every Friday');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toBeHidden();

    await sendCommand(page, 'Pay User Two 1500 USDC every day');
    await expect(dialog).toBeVisible();
    const danger = dialog.getByRole('listitem').filter({ hasText: 'Schedule exhausts balance' });
    await expect(danger).toContainText('Risk');
    await expect(danger).toContainText(/By its run \d on .* the balance would be -/);
    await attachScreenshot(page, testInfo, 'schedule-exhausts-dialog');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toBeHidden();

    const upcoming = page.getByRole('region', { name: 'Upcoming payments' });
    // The weekly card lists its own runs, not only those before the daily's fifth.
    const weekly = upcoming.getByRole('list', { name: 'Next payments to Alice Chen' });
    await expect(weekly.getByRole('listitem')).toHaveCount(3);
    await expect(upcoming).toContainText(/more runs before .*, counted in the balances\./);
    await expect(upcoming.getByRole('list', { name: 'Balance forecast' })).toContainText(
      /Lowest USDC balance-[\d,]+\.\d\d USDC/,
    );
    await attachScreenshot(page, testInfo, 'schedule-upcoming-both');
    expect(problems).toEqual([]);
  });

  test('"every second" is refused by default with the minimum interval', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    await sendCommand(page, 'Pay User Two 1 USDC every second');
    const answer = page.getByRole('article', { name: "ArcFlux's answer" });
    await expect(answer).toContainText('Refused');
    await expect(answer).toContainText('Schedule too frequent');
    await expect(answer).toContainText('schedules may run at most once every hour');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await attachScreenshot(page, testInfo, 'schedule-too-frequent');
  });
});

async function sendCommand(page: Page, text: string): Promise<void> {
  const command = page.getByRole('textbox', { name: 'Command' });
  await command.fill(text);
  await command.press('Enter');
  await expect(command).toHaveValue('');
}
