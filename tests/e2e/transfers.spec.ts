import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import {
  attachScreenshot,
  callApi,
  expect,
  openApp,
  test,
  watchForPageProblems,
} from './support/fixtures';

/**
 * The history of transfers in browser mode: a 5-second schedule runs on the server's own
 * ticks, and each run is a row of its own; grouping, filters and the streamed CSV.
 */
test.describe('history of transfers', () => {
  test('shows each run of a recurring payment as a row, groups them, filters, and exports the CSV', async ({
    page,
    server,
  }, testInfo) => {
    const problems = watchForPageProblems(page);
    await openApp(page, server);
    const settings = (await callApi(page, 'GET', '/v1/settings')).body.data;
    const saved = await callApi(page, 'PATCH', '/v1/settings', {
      undoSeconds: 0,
      guardian: { ...settings.guardian, minimumIntervalSeconds: 5 },
    });
    expect(saved.status).toBe(200);

    const command = page.getByRole('textbox', { name: 'Command' });
    await command.fill('Pay User Two 5 USDC every 5 seconds memo =SUM(1,2)');
    await command.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toBeHidden();

    // The server ticks every 5 seconds: wait for three runs, then pause to hold the count.
    await expect
      .poll(async () => (await callApi(page, 'GET', '/v1/transfers')).body.data.total, {
        timeout: 90_000,
      })
      .toBeGreaterThanOrEqual(3);
    const paymentId = (await callApi(page, 'GET', '/v1/payments')).body.data.items[0].id;
    expect((await callApi(page, 'POST', `/v1/payments/${paymentId}/pause`, {})).status).toBe(200);
    await expect
      .poll(async () => {
        const items = (await callApi(page, 'GET', '/v1/transfers?limit=1000')).body.data.items;
        return items.every((item: { status: string }) => item.status !== 'started');
      })
      .toBe(true);
    const listed = (await callApi(page, 'GET', '/v1/transfers?limit=1000')).body.data;
    const count: number = listed.total;
    const newest = listed.items[0];

    const history = page.getByRole('table', { name: 'Payment history' });
    const rows = history.locator('tbody tr.ledger-row');
    await expect(rows).toHaveCount(count);
    await expect(page.getByText(`${count} transfers`)).toBeVisible();
    await expect(history.getByRole('row', { name: /User Two/ })).toHaveCount(count);
    await expect(rows.first()).toContainText('Sent');
    await expect(rows.first()).toContainText(newest.transferId);
    await attachScreenshot(page, testInfo, 'transfers-list');

    // Grouped: the one payment, with its transfers counted.
    await page.getByRole('button', { name: 'By payment' }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(`${count} transfers`);
    await expect(rows.first()).toContainText('Scheduled · paused');
    await attachScreenshot(page, testInfo, 'transfers-grouped');
    await page.getByLabel('Status').selectOption('failed');
    await expect(history).toContainText('No payments match these filters');
    await page.getByLabel('Status').selectOption('all');
    await page.getByRole('button', { name: 'Transfers' }).click();
    await expect(rows).toHaveCount(count);

    // Filters and search reach the core; a transaction id finds its one transfer.
    await page.getByLabel('Status').selectOption('failed');
    await expect(history).toContainText('No transfers match these filters');
    await page.getByLabel('Status').selectOption('succeeded');
    await expect(rows).toHaveCount(count);
    await page.getByLabel('Search').fill(newest.transferId);
    await expect(rows).toHaveCount(1);
    await attachScreenshot(page, testInfo, 'transfers-filtered');
    await page.getByLabel('Search').fill('');
    await expect(rows).toHaveCount(count);

    // The payment drawer is one click away from a transfer.
    await rows
      .first()
      .getByRole('button', { name: /Payment of 5.00 USDC to User Two/ })
      .click();
    const drawer = page.getByRole('dialog', { name: 'Payment details' });
    await expect(drawer).toContainText('=SUM(1,2)');
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^arcflux-transfers-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile(await download.path(), 'utf8')).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      'transfer_id,payment_id,due_at_utc,paid_at_utc,paid_at_local,payer,recipient,amount,currency,status,failure,skip_reason,transaction_id,memo',
    );
    const records = lines.slice(1, -1);
    expect(records).toHaveLength(count);
    expect(records[0]).toContain(`${newest.id},${paymentId},`);
    expect(records[0]).toContain(`,User One,User Two,5,USDC,succeeded,,,${newest.transferId},`);
    // The memo would run as a formula in a spreadsheet: quoted and made inert.
    expect(records.every((record) => record.endsWith(`,"'=SUM(1,2)"`))).toBe(true);
    await expect(
      page.getByText(`${count} transfers saved to ${download.suggestedFilename()}.`),
    ).toBeVisible();
    await attachScreenshot(page, testInfo, 'transfers-exported');
    expect(problems).toEqual([]);
  });

  test('lists a run the user skipped as a Skipped row with the reason, and filters on it', async ({
    page,
    server,
  }, testInfo) => {
    const problems = watchForPageProblems(page);
    await openApp(page, server);
    const payment = await skipFirstRun(page);

    const listed = (await callApi(page, 'GET', '/v1/transfers?status=skipped')).body.data;
    expect(listed.items).toEqual([
      expect.objectContaining({
        paymentId: payment.id,
        occurrenceAt: payment.nextRunAt,
        status: 'skipped',
        skipReason: 'user',
        paidAt: null,
        transferId: null,
      }),
    ]);
    const history = page.getByRole('table', { name: 'Payment history' });
    const rows = history.locator('tbody tr.ledger-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Skipped');
    await expect(rows.first()).toContainText('Skipped by you');
    await expect(rows.first()).toContainText('7.00');
    await page.getByLabel('Status').selectOption('skipped');
    await expect(rows).toHaveCount(1);
    await page.getByLabel('Status').selectOption('succeeded');
    await expect(history).toContainText('No transfers match these filters');
    await page.getByLabel('Status').selectOption('skipped');
    await expect(rows).toHaveCount(1);
    await attachScreenshot(page, testInfo, 'transfers-skipped');
    expect(problems).toEqual([]);
  });
  test('scrolls a history of 1,000,000 transfers to its last row, taller than a browser lays out', async ({
    page,
    server,
  }, testInfo) => {
    const problems = watchForPageProblems(page);
    await openApp(page, server);
    // One real transfer (a skipped run) is the template for a million: the core's answer
    // is kept, with its total and items made up for whichever page the table asks for.
    await skipFirstRun(page);
    const total = 1_000_000;
    await page.route('**/v1/transfers?*', async (route) => {
      const url = new URL(route.request().url());
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      // The core's own page at the top, whichever page was asked for: it holds the template.
      url.searchParams.set('offset', '0');
      const response = await route.fetch({ url: url.toString() });
      const body = await response.json();
      const [template] = body.data.items;
      const count = Math.max(0, Math.min(limit, total - offset));
      body.data.total = total;
      body.data.items = Array.from({ length: count }, (_, at) => ({
        ...template,
        id: `${template.id}_${offset + at}`,
        // The row's amount is its place in the list, to tell rows apart on screen.
        amount: String(offset + at),
      }));
      await route.fulfill({ status: response.status(), json: body });
    });
    await page.reload();
    const history = page.getByRole('table', { name: 'Payment history' });
    await expect(page.getByText('1,000,000 transfers')).toBeVisible();
    await expect(history).toHaveAttribute('aria-rowcount', String(total + 1));
    const scroller = page.locator('.table-scroll');
    const shownRows = () =>
      scroller.evaluate((element) => {
        const area = element as unknown as ScrollArea;
        const box = area.getBoundingClientRect();
        const header = area.querySelector('thead')?.getBoundingClientRect().bottom ?? box.top;
        return [...area.querySelectorAll('tr.ledger-row')]
          .filter((row) => {
            const rect = row.getBoundingClientRect();
            return rect.top >= header - 1 && rect.bottom <= box.bottom + 1;
          })
          .map((row) => Number(row.getAttribute('aria-rowindex')));
      });
    // The last row: aria-rowindex counts the header as row 1.
    await scroller.evaluate((element) => {
      const area = element as unknown as ScrollArea;
      area.scrollTop = area.scrollHeight;
    });
    const lastRow = history.locator(`tr.ledger-row[aria-rowindex="${total + 1}"]`);
    await expect(lastRow).toContainText('999,999');
    await expect.poll(async () => (await shownRows()).at(-1)).toBe(total + 1);
    await attachScreenshot(page, testInfo, 'transfers-million-last-row');
    expect(
      await scroller.evaluate((element) => (element as unknown as ScrollArea).scrollHeight),
    ).toBeLessThan(20_000_000);

    // In the middle, where a scrolled pixel spans several rows' pixels, a wheel notch and a
    // key still move the rows as in a short list: a few rows, none skipped.
    await scroller.evaluate((element) => {
      const area = element as unknown as ScrollArea;
      area.scrollTop = area.scrollHeight / 2;
    });
    await expect.poll(async () => (await shownRows()).length).toBeGreaterThan(3);
    const before = (await shownRows())[0] ?? 0;
    expect(Math.abs(before - total / 2)).toBeLessThan(1_000);
    await scroller.hover();
    await page.mouse.wheel(0, 57 * 6);
    // Settled: the top row moved and then held for two looks (a browser anchoring the
    // rows as the spacers change would keep scrolling).
    const settledTop = async (from: number) => {
      let last = from;
      let held = 0;
      await expect
        .poll(async () => {
          const top = (await shownRows())[0] ?? from;
          held = top !== from && top === last ? held + 1 : 0;
          last = top;
          return held;
        })
        .toBeGreaterThanOrEqual(2);
      return last;
    };
    const wheeled = (await settledTop(before)) - before;
    expect(wheeled).toBeGreaterThanOrEqual(4);
    expect(wheeled).toBeLessThanOrEqual(8);
    await scroller.focus();
    const atKey = (await shownRows())[0] ?? 0;
    await page.keyboard.press('ArrowDown');
    expect((await settledTop(atKey)) - atKey).toBeLessThanOrEqual(2);

    // Back to the top: the first row is the newest again.
    await scroller.evaluate((element) => {
      (element as unknown as ScrollArea).scrollTop = 0;
    });
    await expect.poll(async () => (await shownRows())[0]).toBe(2);
    expect(problems).toEqual([]);
  });
});

/**
 * Makes a weekly payment to User Two by command, confirms it, and skips its first run:
 * one transfer row, in the skipped state. The payment as the core lists it.
 */
async function skipFirstRun(page: Page): Promise<{ id: string; nextRunAt: string }> {
  const command = page.getByRole('textbox', { name: 'Command' });
  await command.fill('Pay User Two 7 USDC every Friday');
  await command.press('Enter');
  const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  const payment = (await callApi(page, 'GET', '/v1/payments')).body.data.items[0];
  const skipped = await callApi(page, 'POST', `/v1/payments/${payment.id}/skip`, {});
  expect(skipped.status).toBe(200);
  return payment;
}

/** What the spec reads of the page's DOM: this file is type-checked without DOM types. */
interface Edges {
  readonly top: number;
  readonly bottom: number;
}
interface ScrollArea {
  scrollTop: number;
  readonly scrollHeight: number;
  getBoundingClientRect(): Edges;
  querySelector(selector: string): { getBoundingClientRect(): Edges } | null;
  querySelectorAll(
    selector: string,
  ): Iterable<{ getBoundingClientRect(): Edges; getAttribute(name: string): string | null }>;
}
