import { attachScreenshot, callApi, expect, openApp, test } from './support/fixtures';

test.describe('settings validation', () => {
  test('flags every bad and contradictory field at once, and asks before leaving unsaved edits', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    const saved = (await callApi(page, 'GET', '/v1/settings')).body.data;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click();

    // Five bad values and two limits that contradict each other, entered in one go.
    const entries: [string, string][] = [
      ['Time zone', 'Mars/Olympus'],
      ['Confirm payments above', 'a lot'],
      ['Confirm above risk score', 'high'],
      ['Hold for review above risk score', '2'],
      ['Confirmation time limit (seconds)', '5'],
      ['Largest single payment', '1000'],
      ['Daily limit', '500'],
      ['Monthly limit', '100'],
    ];
    for (const [label, value] of entries) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole('button', { name: 'Save settings' }).click();

    const form = page.locator('form.settings-form');
    await expect(form.getByRole('alert')).toContainText('7 fields need a change');
    const flagged = entries.filter(([label]) => label !== 'Largest single payment');
    for (const [label] of flagged) {
      await expect(page.getByLabel(label, { exact: true }), label).toHaveAttribute(
        'aria-invalid',
        'true',
      );
    }
    await expect(page.getByLabel('Largest single payment', { exact: true })).not.toHaveAttribute(
      'aria-invalid',
      'true',
    );
    await expect(form).toContainText('Must be at least the largest single payment (1000)');
    await expect(form).toContainText('Must be at least the daily limit (500)');
    await expect(form).toContainText('Enter a number.');
    await expect(form).not.toContainText(/expected|received|invalid input/i);
    await attachScreenshot(page, testInfo, 'settings-every-field-flagged');

    // Leaving the page with unsaved edits asks first; staying keeps them.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Overview' })
      .click();
    const leave = page.getByRole('alertdialog', { name: 'Leave without saving?' });
    await expect(leave).toBeVisible();
    await expect(leave.getByRole('button', { name: 'Keep editing' })).toBeFocused();
    await attachScreenshot(page, testInfo, 'settings-leave-unsaved');
    await leave.getByRole('button', { name: 'Keep editing' }).click();
    await expect(leave).toBeHidden();
    await expect(page.getByLabel('Daily limit', { exact: true })).toHaveValue('500');

    // Closing the tab asks too (the browser's own beforeunload question).
    const question = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const dialog = await question;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    expect(page.isClosed()).toBe(false);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Overview' })
      .click();
    await leave.getByRole('button', { name: 'Leave without saving' }).click();
    await expect(page.getByRole('region', { name: 'Balance' })).toBeVisible();
    // Nothing was saved along the way.
    expect((await callApi(page, 'GET', '/v1/settings')).body.data).toEqual(saved);
  });
});
