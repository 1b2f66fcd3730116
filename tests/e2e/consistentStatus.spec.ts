import type { Page } from '@playwright/test';
import {
  attachScreenshot,
  callApi,
  expect,
  openApp,
  test,
  watchForPageProblems,
} from './support/fixtures';

/**
 * Consistent status (issue 12, item 8), in browser mode over the real server and core:
 * badges that match the reply's kind, the simulated-money mark, toasts that keep clear of
 * a dialog's buttons, and a microphone that says it has no model before anyone speaks.
 */
test.describe('consistent status', () => {
  test('a question is answered with "Answer", a payment awaiting its yes "Needs you"', async ({
    page,
    server,
  }, testInfo) => {
    const problems = watchForPageProblems(page);
    await openApp(page, server);
    const answer = page.getByRole('article', { name: "ArcFlux's answer" });

    await sendCommand(page, 'What is my balance?');
    await expect(answer.locator('.reply-header .badge')).toHaveText('Answer');
    await expect(answer).toContainText('5,000.00 USDC');
    await expect(answer).not.toContainText('Approved');
    await attachScreenshot(page, testInfo, 'badge-answer');

    await sendCommand(page, 'Pay Bob 20 USDC');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toBeVisible();
    await expect(answer.locator('.reply-header .badge')).toHaveText('Needs you');
    await expect(answer).toContainText('Please confirm');
    await attachScreenshot(page, testInfo, 'badge-needs-you');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await sendCommand(page, 'Pay Bob 20000 USDC');
    await expect(answer.locator('.reply-header .badge')).toHaveText('Refused');
    await attachScreenshot(page, testInfo, 'badge-refused');
    expect(problems).toEqual([]);
  });

  test('the header says "Simulated money" while the simulated connector runs', async ({
    page,
    server,
  }, testInfo) => {
    await openApp(page, server);
    const health = await callApi(page, 'GET', '/v1/health');
    expect(health.body).toMatchObject({ ok: true, data: { connector: 'simulated' } });
    const mark = page.getByRole('banner').getByText('Simulated money', { exact: true });
    await expect(mark).toBeVisible();
    await attachScreenshot(page, testInfo, 'simulated-money-mark');
  });

  test('at 900x700, toasts never cover the confirmation dialog’s Confirm and Cancel', async ({
    page,
    server,
  }, testInfo) => {
    await page.setViewportSize({ width: 900, height: 700 });
    await openApp(page, server);
    await sendCommand(page, 'Pay User Two 120 USDC every Friday');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toBeVisible();

    // Two more payments asked for at another door: each pops a toast over this window.
    for (const text of ['Pay Alice Chen 30 USDC', 'Pay Bob 25 USDC every Monday']) {
      const reply = await callApi(page, 'POST', '/v1/commands', { text });
      expect(reply.body).toMatchObject({ ok: true, data: { status: 'needs_you' } });
    }
    const toasts = page.locator('.toast');
    await expect(toasts).toHaveCount(2);
    await expect(toasts.last()).toBeVisible();
    // Laid out again once the toasts took their space (a resize observer runs between frames).
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          // This file is type-checked without DOM types; the page has them at run time.
          const host = globalThis as unknown as {
            requestAnimationFrame(next: () => void): void;
          };
          host.requestAnimationFrame(() => host.requestAnimationFrame(() => resolve(undefined)));
        }),
    );

    const actions = [
      dialog.getByRole('button', { name: 'Confirm' }),
      dialog.getByRole('button', { name: 'Cancel', exact: true }),
    ];
    const toastBoxes = await visibleBoxes(toasts);
    expect(toastBoxes.length).toBeGreaterThan(0);
    for (const action of actions) {
      await expect(action).toBeVisible();
      const box = await action.boundingBox();
      if (!box) throw new Error('the dialog button has no box');
      // Inside the window, and clear of every toast on screen.
      expect(box.y + box.height).toBeLessThanOrEqual(700);
      for (const toast of toastBoxes) expect(intersects(box, toast)).toBe(false);
    }
    await attachScreenshot(page, testInfo, 'toasts-and-dialog-900x700');

    // The buttons answer the click (nothing lies on top of them).
    await actions[1]?.click();
    await expect(dialog).toBeHidden();
  });

  test('the microphone says no speech model is installed before anyone records', async ({
    page,
    server,
  }, testInfo) => {
    const problems = watchForPageProblems(page);
    await openApp(page, server);
    const talk = page.getByRole('button', { name: 'Hold to talk' });
    // Before any press: marked, and the reason is its description.
    await expect(talk).toHaveAttribute('aria-disabled', 'true');
    await expect(talk).toHaveAttribute('title', /No speech model is installed/);
    await expect(talk).toHaveAccessibleDescription(/No speech model is installed/);
    await attachScreenshot(page, testInfo, 'microphone-unready');

    // aria-disabled (not `disabled`, which would drop focus): a user can still press it,
    // which Playwright's actionability check would refuse, hence `force`.
    await talk.click({ force: true });
    const status = page.locator('#talk-status');
    await expect(status).toContainText('No speech model is installed');
    await expect(status).not.toContainText('Listening');
    await expect(talk).toHaveAttribute('aria-pressed', 'false');
    // No internal path: nothing that looks like a folder reaches the screen.
    expect(await status.textContent()).not.toMatch(/\/[^\s]*\//);
    await attachScreenshot(page, testInfo, 'microphone-fix-offered');

    await status.getByRole('button', { name: 'Open Settings > Models' }).click();
    await expect(page.getByRole('heading', { name: 'Models', exact: true })).toBeInViewport();
    await attachScreenshot(page, testInfo, 'microphone-settings-models');
    expect(problems).toEqual([]);
  });
});

async function sendCommand(page: Page, text: string): Promise<void> {
  const command = page.getByRole('textbox', { name: 'Command' });
  await command.fill(text);
  await command.press('Enter');
  await expect(command).toHaveValue('');
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function visibleBoxes(locator: ReturnType<Page['locator']>): Promise<Box[]> {
  const boxes: Box[] = [];
  for (const item of await locator.all()) {
    if (!(await item.isVisible())) continue;
    const box = await item.boundingBox();
    if (box) boxes.push(box);
  }
  return boxes;
}

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
