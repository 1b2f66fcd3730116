import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import {
  attachScreenshot,
  callApi,
  demoPayment,
  expect,
  openApp,
  test,
  watchForPageProblems,
} from './support/fixtures';

/**
 * The flows, end to end in browser mode: the real renderer, the real REST/SSE
 * server and core, a fresh data folder per test. Each saves a screenshot.
 */
test.describe('payment flows', () => {
  test('1: a recurring payment is confirmed and shows in Upcoming', async ({
    page,
    server,
  }, testInfo) => {
    const problems = watchForPageProblems(page);
    await openApp(page, server);
    const command = page.getByRole('textbox', { name: 'Command' });
    await command.fill('Pay User Two 120 USDC every Friday');

    const preview = page.getByRole('group', { name: 'What ArcFlux understood' });
    await expect(preview).toContainText('120.00 USDC');
    await expect(preview).toContainText('User Two');
    await expect(preview).toContainText('Every week on Friday at 9:00 AM');
    await attachScreenshot(page, testInfo, 'flow1-preview');

    await page.getByRole('button', { name: 'Send' }).click();
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Pay User Two 120.00 USDC every week on Friday');
    await expect(dialog).toContainText('Verified');
    await expect(dialog.getByRole('row')).toHaveCount(4);
    await expect(dialog).toContainText('4,880.00 USDC');
    await expect(dialog).toContainText('First payment to recipient');
    await expect(dialog.getByRole('timer')).toContainText(/Expires in \d+:\d\d/);
    await attachScreenshot(page, testInfo, 'flow1-dialog');

    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toBeHidden();
    const upcoming = page.getByRole('region', { name: 'Upcoming payments' });
    await expect(upcoming).toContainText('120.00 USDC to User Two');
    await expect(upcoming).toContainText('Every week on Friday at 9:00 AM');
    await expect(upcoming).toContainText('Balance after 4,880.00 USDC');
    await expect(
      upcoming.getByRole('button', { name: 'Pause payments to User Two' }),
    ).toBeVisible();
    const history = page.getByRole('table', { name: 'Payment history' });
    // Not run yet: no transfer, so it shows among the payments.
    await page.getByRole('button', { name: 'By payment' }).click();
    await expect(history.getByRole('row', { name: /User Two/ })).toContainText('Scheduled');
    await attachScreenshot(page, testInfo, 'flow1-upcoming');
    expect(problems).toEqual([]);
  });

  test('2: a small payment to a trusted contact runs on the next tick', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    // About the tick, so payments run at the next one: the undo window off, as a user
    // would set it (test 2b keeps it).
    expect((await callApi(page, 'PATCH', '/v1/settings', { undoSeconds: 0 })).status).toBe(200);
    await sendCommand(page, 'Pay User Two 5 USDC');
    // The first payment to anyone is read back for confirmation, however small.
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toBeHidden();

    const tick = await callApi(page, 'POST', '/v1/scheduler/tick', {});
    expect(tick.status).toBe(200);
    const history = page.getByRole('table', { name: 'Payment history' });
    await expect(history.getByRole('row', { name: /User Two/ })).toContainText('Sent');
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('4,995.00 USDC');

    // The second one is trusted outright: scheduled at once, no dialog.
    await sendCommand(page, 'Pay User Two 5 USDC');
    await expect(page.getByRole('article', { name: "ArcFlux's answer" })).toContainText(
      'Scheduled',
    );
    await expect(dialog).toBeHidden();
    await callApi(page, 'POST', '/v1/scheduler/tick', {});
    await expect(history.getByRole('row', { name: /User Two/ })).toHaveCount(2);
    await expect(history.getByRole('row', { name: /Scheduled/ })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('4,990.00 USDC');
    await expect(page.getByRole('button', { name: /Notifications, \d+ unread/ })).toBeVisible();
    await attachScreenshot(page, testInfo, 'flow2-executed');
  });

  test('2b: a small trusted payment counts down its undo window, and Undo leaves it cancelled', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    // The first payment makes User Two trusted; it goes at once, so the window is off...
    expect((await callApi(page, 'PATCH', '/v1/settings', { undoSeconds: 0 })).status).toBe(200);
    await sendCommand(page, 'Pay User Two 5 USDC');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toBeHidden();
    await callApi(page, 'POST', '/v1/scheduler/tick', {});
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('4,995.00 USDC');

    // ...then a long window for the payment under test, so a busy machine can't close it
    // before the click.
    expect((await callApi(page, 'PATCH', '/v1/settings', { undoSeconds: 120 })).status).toBe(200);
    await sendCommand(page, 'Pay User Two 7 USDC');
    await expect(dialog).toBeHidden();
    const toasts = page.getByRole('region', { name: 'Messages' });
    const toast = toasts.locator('.toast').filter({ hasText: '7.00 USDC to User Two' });
    await expect(toast.getByRole('timer')).toHaveText(/^1[01]\d s$/);
    await expect(toast).toContainText('Nothing is paid yet.');
    // A tick inside the window pays nothing.
    const inside = await callApi(page, 'POST', '/v1/scheduler/tick', {});
    expect(inside.body.data.executed).toEqual([]);
    await attachScreenshot(page, testInfo, 'undo-countdown');

    await toast.getByRole('button', { name: 'Undo: 7.00 USDC to User Two' }).click();
    await expect(toast).toContainText('Undone: nothing was paid.');
    await expect(toast.getByRole('button', { name: /^Undo/ })).toHaveCount(0);
    const cancelled = await callApi(page, 'GET', '/v1/payments?status=cancelled');
    expect(cancelled.body.data.items).toHaveLength(1);
    const detail = await callApi(page, 'GET', `/v1/payments/${cancelled.body.data.items[0].id}`);
    expect(detail.body.data.executions).toEqual([]);
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('4,995.00 USDC');
    await attachScreenshot(page, testInfo, 'undo-undone');
  });

  test('3: a payment over the balance is refused with the reason', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    await sendCommand(page, 'Pay User Two 9000 USDC');
    const answer = page.getByRole('article', { name: "ArcFlux's answer" });
    await expect(answer).toContainText('Refused');
    await expect(answer).toContainText(
      'The balance of 5,000.00 USDC does not cover 9,000.00 USDC.',
    );
    await expect(answer).toContainText('Insufficient funds');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Upcoming payments' })).toContainText(
      'Nothing scheduled',
    );
    await attachScreenshot(page, testInfo, 'flow3-denied');
  });

  test('4: an unknown recipient gets a follow-up question', async ({ page, server }, testInfo) => {
    await openApp(page, server);
    const command = page.getByRole('textbox', { name: 'Command' });
    await command.fill('Pay Zorro 5 USDC');
    await expect(page.getByRole('group', { name: 'What ArcFlux understood' })).toContainText(
      "I don't know anyone called “Zorro”. Who do you mean?",
    );
    await command.press('Enter');
    const answer = page.getByRole('article', { name: "ArcFlux's answer" });
    await expect(answer).toContainText('Needs you');
    await expect(answer).toContainText('Who do you mean?');
    await attachScreenshot(page, testInfo, 'flow4-follow-up');

    await answer.getByRole('button', { name: 'Alice Chen' }).click();
    await expect(command).toHaveValue('Pay Alice Chen 5 USDC');
    await expect(command).toBeFocused();
  });

  test('4b: a misspelt word is asked about, and the suggestion is one click', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    const command = page.getByRole('textbox', { name: 'Command' });
    await command.fill('Pay User Two 120 USDC evrey Friday');
    // The preview asks too, before anything is sent.
    await expect(page.getByRole('group', { name: 'What ArcFlux understood' })).toContainText(
      "I didn't understand “evrey”",
    );
    await command.press('Enter');
    const answer = page.getByRole('article', { name: "ArcFlux's answer" });
    await expect(answer).toContainText('Needs you');
    await expect(answer).toContainText('Did you mean “every”?');
    await expect(page.getByRole('dialog', { name: /Confirm payment/ })).toHaveCount(0);
    await attachScreenshot(page, testInfo, 'flow4b-did-you-mean');

    await answer.getByRole('button', { name: 'Use “every” for “evrey”' }).click();
    await expect(command).toHaveValue('Pay User Two 120 USDC every Friday');
    await expect(command).toBeFocused();
    await command.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toContainText('Pay User Two 120.00 USDC every week on Friday');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  });

  test('6: a cancelled confirmation leaves no schedule', async ({ page, server }, testInfo) => {
    await openApp(page, server);
    await sendCommand(page, 'Pay User Two 120 USDC every Friday');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.getByRole('region', { name: 'Upcoming payments' })).toContainText(
      'Nothing scheduled',
    );
    const history = page.getByRole('table', { name: 'Payment history' });
    await page.getByRole('button', { name: 'By payment' }).click();
    await expect(history.getByRole('row', { name: /User Two/ })).toContainText('Cancelled');
    const upcoming = await callApi(page, 'GET', '/v1/upcoming');
    expect(upcoming.body.data.schedules).toEqual([]);
    const scheduled = await callApi(page, 'GET', '/v1/payments?status=scheduled');
    expect(scheduled.body.data.total).toBe(0);
    await attachScreenshot(page, testInfo, 'flow6-cancelled');
  });

  test('6b: Esc in the dialog cancels too', async ({ page, server }) => {
    await openApp(page, server);
    await sendCommand(page, 'Pay User Two 120 USDC every Friday');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.getByRole('button', { name: 'By payment' }).click();
    await expect(
      page.getByRole('table', { name: 'Payment history' }).getByRole('row', { name: /User Two/ }),
    ).toContainText('Cancelled');
  });

  test('6c: a payment proposed at another door (REST) opens the dialog here', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    const proposed = await callApi(page, 'POST', '/v1/commands', {
      text: 'Pay User Two 120 USDC every Friday',
    });
    expect(proposed.body.data.proposal.status).toBe('pending');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Pay User Two 120.00 USDC every week on Friday');
    await attachScreenshot(page, testInfo, 'flow6c-other-door');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toBeHidden();
    const scheduled = await callApi(page, 'GET', '/v1/payments?status=scheduled');
    expect(scheduled.body.data.total).toBe(1);
  });

  test('7: flow 1 with the keyboard only', async ({ page, server }, testInfo) => {
    await openApp(page, server);
    const command = page.getByRole('textbox', { name: 'Command' });
    // From the top of the page: Tab until the command box has focus.
    await page.locator('body').focus();
    for (let presses = 0; presses < 15 && !(await isFocused(command)); presses += 1) {
      await page.keyboard.press('Tab');
    }
    await expect(command).toBeFocused();
    expect(await hasVisibleFocus(page)).toBe(true);
    await page.keyboard.type('Pay User Two 120 USDC every Friday');
    await expect(page.getByRole('group', { name: 'What ArcFlux understood' })).toContainText(
      'User Two',
    );
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Tab');
    const confirm = dialog.getByRole('button', { name: 'Confirm' });
    await expect(confirm).toBeFocused();
    expect(await hasVisibleFocus(page)).toBe(true);
    await attachScreenshot(page, testInfo, 'flow7-keyboard-dialog');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    // Focus goes back where it was: the command box, ready for the next command.
    await expect(command).toBeFocused();
    await expect(page.getByRole('region', { name: 'Upcoming payments' })).toContainText(
      '120.00 USDC to User Two',
    );
    await attachScreenshot(page, testInfo, 'flow7-keyboard-done');
  });

  test('8: a cancel by command with two matches asks which one, confirms like the button, and offers Undo', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    for (const text of ['Pay User Two 120 USDC every Friday', 'Pay User Two 30 USDC in 3 days']) {
      await sendCommand(page, text);
      const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await expect(dialog).toBeHidden();
    }
    const upcoming = page.getByRole('region', { name: 'Upcoming payments' });
    await expect(upcoming).toContainText('30.00 USDC to User Two');
    await expect(upcoming).toContainText('120.00 USDC to User Two');

    await sendCommand(page, 'cancel the payment to User Two');
    const answer = page.getByRole('article', { name: "ArcFlux's answer" });
    const choices = answer.getByRole('list', { name: 'Payments to cancel' });
    await expect(choices.getByRole('listitem')).toHaveCount(2);
    await expect(choices).toContainText('120.00 USDC to User Two');
    await expect(choices).toContainText('Every week on Friday at 9:00 AM');
    await expect(choices).toContainText('30.00 USDC to User Two');
    await expect(answer.getByRole('button', { name: 'Cancel all 2' })).toBeVisible();
    // Nothing is cancelled by the command itself.
    expect((await callApi(page, 'GET', '/v1/payments?status=scheduled')).body.data.total).toBe(2);
    await attachScreenshot(page, testInfo, 'flow8-choice');

    await choices.getByRole('button', { name: 'Cancel 30.00 USDC to User Two' }).click();
    const question = page.getByRole('alertdialog', { name: 'Cancel this payment?' });
    await expect(question).toContainText('Cancel this payment to User Two?');
    await expect(question).toContainText('30.00 USDC to User Two');
    await expect(question).not.toContainText('120.00 USDC');
    await attachScreenshot(page, testInfo, 'flow8-confirm');

    await question.getByRole('button', { name: 'Cancel payment' }).click();
    await expect(question).toBeHidden();
    const undo = page.getByRole('button', { name: 'Undo: Payment cancelled' });
    await expect(undo).toBeVisible();
    await expect(upcoming).not.toContainText('30.00 USDC to User Two');
    await expect(upcoming).toContainText('120.00 USDC to User Two');
    expect((await callApi(page, 'GET', '/v1/payments?status=cancelled')).body.data.total).toBe(1);
    await undo.hover(); // a hovered toast stays while the screenshot is taken
    await attachScreenshot(page, testInfo, 'flow8-undo-offered');

    await undo.click();
    await expect(page.getByRole('region', { name: 'Messages' })).toContainText('Cancel undone');
    await expect(upcoming).toContainText('30.00 USDC to User Two');
    expect((await callApi(page, 'GET', '/v1/payments?status=scheduled')).body.data.total).toBe(2);
    await attachScreenshot(page, testInfo, 'flow8-restored');
  });
});

test.describe('ledger flows', () => {
  test.use({ withPayments: true });

  test('5: search and filter the ledger, then export the rows as CSV', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    const history = page.getByRole('table', { name: 'Payment history' });
    const rows = history.locator('tbody tr');
    // The demo payments have not run: grouped by payment they show, filters and all.
    await page.getByRole('button', { name: 'By payment' }).click();
    await expect(rows).toHaveCount(4);

    await page.getByLabel('Currency').selectOption('USDC');
    await expect(rows).toHaveCount(3);
    await page.getByLabel('Search').fill('bob');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Bob Martinez');
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Currency').selectOption('EURC');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("Carol's Bakery");
    await attachScreenshot(page, testInfo, 'flow5-filtered');

    // The export lists transfers, streamed by the core: these payments have none yet.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^arcflux-transfers-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')).toEqual([
      'transfer_id,payment_id,due_at_utc,paid_at_utc,paid_at_local,payer,recipient,amount,currency,status,failure,skip_reason,transaction_id,memo',
      '',
    ]);
  });

  test('opens a payment in the detail drawer', async ({ page, server }, testInfo) => {
    await openApp(page, server);
    await page.getByRole('button', { name: 'By payment' }).click();
    await page.getByRole('button', { name: /Details of 1,200.00 USDC to Alice Chen/ }).click();
    const drawer = page.getByRole('dialog', { name: 'Payment details' });
    await expect(drawer).toContainText('Every month on the 1st at 9:00 AM');
    await expect(drawer).toContainText('Nothing has run yet.');
    await expect(drawer).toContainText('No risk record is linked to this payment.');
    await attachScreenshot(page, testInfo, 'ledger-drawer');
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
  });

  test('pauses and resumes a schedule from Upcoming', async ({ page, server }, testInfo) => {
    await openApp(page, server);
    const upcoming = page.getByRole('region', { name: 'Upcoming payments' });
    await expect(upcoming).toContainText('1,200.00 USDC to Alice Chen');
    await upcoming.getByRole('button', { name: 'Pause payments to Alice Chen' }).click();
    await expect(upcoming).toContainText('Paused');
    await attachScreenshot(page, testInfo, 'upcoming-paused');
    await upcoming.getByRole('button', { name: 'Resume payments to Alice Chen' }).click();
    await expect(
      upcoming.getByRole('button', { name: 'Pause payments to Alice Chen' }),
    ).toBeVisible();
  });

  test('the preview says what Send will do, from the Guardian itself', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    // No undo window while trust is built, so the first payment is paid on the next tick.
    expect((await callApi(page, 'PATCH', '/v1/settings', { undoSeconds: 0 })).status).toBe(200);
    const command = page.getByRole('textbox', { name: 'Command' });
    const verdict = page.getByRole('status', { name: 'What Send will do' });

    await command.fill('Pay User Two 5 USDC');
    await expect(verdict).toContainText("You'll be asked to confirm");
    await expect(verdict).toContainText('first payment');
    await attachScreenshot(page, testInfo, 'verdict-confirm');
    await command.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toBeHidden();
    await callApi(page, 'POST', '/v1/scheduler/tick', {});

    // The second small payment is trusted: the preview says it goes without a question,
    // and indeed no dialog comes.
    await command.fill('Pay User Two 5 USDC');
    await expect(verdict).toContainText('Sent right away');
    // With an undo window, the preview names it, by the rule Send applies.
    expect((await callApi(page, 'PATCH', '/v1/settings', { undoSeconds: 30 })).status).toBe(200);
    await command.fill('');
    await command.fill('Pay User Two 5 USDC');
    await expect(verdict).toContainText('Sent 30 seconds after you press Enter');
    await expect(page.getByRole('group', { name: 'What ArcFlux understood' })).not.toContainText(
      'Nothing is paid until you confirm',
    );
    await attachScreenshot(page, testInfo, 'verdict-approved');
    await command.press('Enter');
    await expect(page.getByRole('article', { name: "ArcFlux's answer" })).toContainText(
      'Scheduled',
    );
    await expect(dialog).toHaveCount(0);

    await command.fill('Pay User Two 9000 USDC');
    await expect(verdict).toContainText('Refused');
    await expect(verdict).toContainText('does not cover 9,000.00 USDC');
    await attachScreenshot(page, testInfo, 'verdict-refused');
  });
});

test.describe('missed runs', () => {
  test.use({ withMissedRuns: true });

  test('are reviewed run by run with their total, and paid only after a second yes', async ({
    page,
    server,
  }, testInfo) => {
    const held = demoPayment(server, 'pay_missed');
    const past = (held.missedRuns ?? []).slice(0, 3);
    await openApp(page, server);
    const dialog = page.getByRole('alertdialog', { name: 'Missed payments' });
    await expect(dialog).toBeVisible();
    // The run "missed" in the future is no missed run: only the three past ones are offered.
    const boxes = dialog.getByRole('checkbox');
    await expect(boxes).toHaveCount(3);
    await expect(dialog).toContainText('3 of 3 runs chosen, 90.00 USDC.');
    await expect(dialog).toContainText('Balance now 5,000.00 USDC, after 4,910.00 USDC.');
    await attachScreenshot(page, testInfo, 'missed-review');

    await boxes.nth(1).uncheck();
    await expect(dialog).toContainText('2 of 3 runs chosen, 60.00 USDC.');
    await dialog.getByRole('button', { name: "Pay 2 missed runs to Carol's Bakery" }).click();
    const question = dialog.getByRole('group', { name: "Pay missed runs to Carol's Bakery?" });
    await expect(question).toContainText("Pay 2 runs to Carol's Bakery: 60.00 USDC in all");
    await expect(question.getByRole('button', { name: "Don't pay" })).toBeFocused();
    await attachScreenshot(page, testInfo, 'missed-confirm');
    await question.getByRole('button', { name: 'Pay 60.00 USDC' }).click();
    await expect(dialog).toBeHidden();

    await callApi(page, 'POST', '/v1/scheduler/tick', {});
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('4,940.00 USDC');
    const detail = await callApi(page, 'GET', `/v1/payments/${held.id}`);
    const { executions } = (
      detail.body as {
        data: { executions: { occurrenceAt: string; status: string; skipReason?: string }[] };
      }
    ).data;
    const paid = executions
      .filter((execution) => execution.status === 'succeeded')
      .map((execution) => execution.occurrenceAt)
      .sort();
    expect(paid).toEqual([past[0], past[2]]);
    // The run left unchecked is journaled as skipped, so it can never be paid later.
    expect(executions.filter((execution) => execution.status === 'skipped')).toEqual([
      expect.objectContaining({ occurrenceAt: past[1], skipReason: 'not_chosen' }),
    ]);
    await attachScreenshot(page, testInfo, 'missed-paid');
  });
});

async function sendCommand(page: Page, text: string): Promise<void> {
  const command = page.getByRole('textbox', { name: 'Command' });
  await command.fill(text);
  await command.press('Enter');
  await expect(command).toHaveValue('');
}

async function isFocused(locator: ReturnType<Page['getByRole']>): Promise<boolean> {
  // This file is type-checked without DOM types; the element has `matches` at run time.
  return locator.evaluate((element) =>
    (element as unknown as { matches(selector: string): boolean }).matches(':focus'),
  );
}

/** The focused element draws an outline a sighted keyboard user can see. */
async function hasVisibleFocus(page: Page): Promise<boolean> {
  // This file is type-checked without DOM types; the page has them at run time.
  return page.evaluate(() => {
    const page = globalThis as unknown as {
      document: { activeElement: unknown };
      getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string };
    };
    const element = page.document.activeElement;
    if (!element) return false;
    const style = page.getComputedStyle(element);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  });
}
