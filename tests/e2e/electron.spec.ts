import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { installedElectronBinary } from '../../electron/launcher/electronBinary';

const projectRoot = resolve(import.meta.dirname, '../..');
const mainEntry = join(projectRoot, 'out', 'main', 'index.js');

test.describe('desktop app', () => {
  let app: ElectronApplication | undefined;
  let root: string | undefined;

  test.beforeEach(async () => {
    const binary = installedElectronBinary();
    if (!binary) {
      const reason =
        'Electron binary is not installed here (npm start or "npx install-electron" downloads it); skipping Electron e2e';
      console.log(reason);
      test.skip(true, reason);
      return;
    }
    test.skip(!existsSync(mainEntry), 'out/main is missing: run `npx electron-vite build` first');
    root = await mkdtemp(join(tmpdir(), 'arcflux-electron-'));
    app = await electron.launch({
      executablePath: binary,
      args: [mainEntry],
      cwd: projectRoot,
      env: { ...process.env, ARCFLUX_DATA_DIR: join(root, 'data') },
    });
  });

  test.afterEach(async () => {
    await app?.close();
    app = undefined;
    if (root) await rm(root, { recursive: true, force: true });
    root = undefined;
  });

  test('opens a locked-down window that shows the demo balance', async () => {
    if (!app) throw new Error('the app did not start');
    const page = await app.firstWindow();

    // Electron no longer reports a window's webPreferences back (getLastWebPreferences is
    // gone), so each setting is checked by its effect; buildWebPreferences itself is pinned
    // by tests/unit/main/window.test.ts.
    const main = await app.evaluate(({ app: electronApp, BrowserWindow }) => ({
      url: BrowserWindow.getAllWindows()[0]?.webContents.getURL(),
      sandboxDisabledForAll: electronApp.commandLine.hasSwitch('no-sandbox'),
    }));
    expect(main.url).toMatch(/^app:\/\/arcflux\//);
    expect(main.sandboxDisabledForAll).toBe(false);

    const renderer = await page.evaluate(async () => {
      const scope = globalThis as Record<string, unknown>;
      let readLocalFile: boolean;
      try {
        await fetch('file:///etc/hostname');
        readLocalFile = true;
      } catch {
        readLocalFile = false;
      }
      return {
        // contextBridge refuses to expose anything unless contextIsolation is on.
        arcflux: Object.keys(scope.arcflux as object).sort(),
        arcfluxFrozen: Object.isFrozen(scope.arcflux),
        // nodeIntegration: false leaves no Node globals in the page.
        nodeGlobals: ['require', 'process', 'module', 'Buffer'].filter((name) => name in scope),
        // webSecurity: true keeps the page off the file system.
        readLocalFile,
      };
    });
    expect(renderer).toEqual({
      arcflux: ['call', 'desktop', 'download', 'on'],
      arcfluxFrozen: true,
      nodeGlobals: [],
      readLocalFile: false,
    });

    const balance = page.getByRole('region', { name: 'Balance' });
    await expect(balance).toContainText('5,000.00 USDC');
    await expect(balance).toContainText('1,000.00 EURC');
    await expect(page.getByRole('table', { name: 'Payment history' })).toContainText(
      'No transfers yet',
    );

    const testInfo = test.info();
    const path = testInfo.outputPath('electron-window.png');
    await page.screenshot({ path });
    await testInfo.attach('electron-window', { path, contentType: 'image/png' });
  });

  test('refuses to navigate away or open windows', async () => {
    if (!app) throw new Error('the app did not start');
    const page = await app.firstWindow();
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('5,000.00 USDC');
    const before = page.url();
    await page.evaluate(() => {
      // This file is type-checked without DOM types; the page has them at run time.
      const page = globalThis as unknown as {
        open(url: string, target: string): unknown;
        location: { href: string };
      };
      page.open('https://example.com/', '_blank');
      page.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
  });

  test('serves its pages with the CSP and grants no permission but the microphone', async () => {
    if (!app) throw new Error('the app did not start');
    const page = await app.firstWindow();
    await expect(page.getByRole('region', { name: 'Balance' })).toContainText('5,000.00 USDC');
    const csp = await page.evaluate(async () => {
      const response = await fetch('app://arcflux/index.html');
      return response.headers.get('content-security-policy');
    });
    expect(csp).toContain("script-src 'self'");
    const permissions = await page.evaluate(async () => {
      const query = (name: string) =>
        (
          globalThis as unknown as {
            navigator: { permissions: { query(q: { name: string }): Promise<{ state: string }> } };
          }
        ).navigator.permissions
          .query({ name })
          .then((status) => status.state)
          .catch(() => 'unsupported');
      return {
        geolocation: await query('geolocation'),
        notifications: await query('notifications'),
      };
    });
    expect(permissions.geolocation).not.toBe('granted');
    expect(permissions.notifications).not.toBe('granted');
  });

  test('flow 1 in the desktop window: confirm a recurring payment', async () => {
    if (!app) throw new Error('the app did not start');
    const page = await app.firstWindow();
    const command = page.getByRole('textbox', { name: 'Command' });
    await command.fill('Pay User Two 120 USDC every Friday');
    await command.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toContainText('4,880.00 USDC');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByRole('region', { name: 'Upcoming payments' })).toContainText(
      '120.00 USDC to User Two',
    );
    const testInfo = test.info();
    const path = testInfo.outputPath('electron-flow1.png');
    await page.screenshot({ path });
    await testInfo.attach('electron-flow1', { path, contentType: 'image/png' });
  });

  test('exports the transfers CSV to the file picked in the save dialog, streamed by the core', async () => {
    if (!app || !root) throw new Error('the app did not start');
    const page = await app.firstWindow();
    const command = page.getByRole('textbox', { name: 'Command' });
    await command.fill('Pay User Two 120 USDC every Friday');
    await command.press('Enter');
    const confirm = page.getByRole('dialog', { name: /Confirm payment/ });
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect(confirm).toBeHidden();
    // Grouped by payment, the new payment is a row, so there is something to export; it
    // has not run, so the file is the header alone.
    await page.getByRole('button', { name: 'By payment' }).click();
    const history = page.getByRole('table', { name: 'Payment history' });
    await expect(history.locator('tbody tr.ledger-row')).toHaveCount(1);

    // The native dialog cannot be clicked from here: main's dialog answers for the user.
    // (Cancelling, and failures, are covered in tests/unit/main/downloadIpc.test.ts.)
    const exportFolder = join(root, 'exports');
    const target = join(exportFolder, 'transfers.csv');
    await mkdir(exportFolder);
    await app.evaluate(({ dialog }, filePath) => {
      dialog.showSaveDialog = (async () => ({
        canceled: false,
        filePath,
      })) as unknown as typeof dialog.showSaveDialog;
    }, target);
    const exportButton = page.getByRole('button', { name: 'Export CSV' });
    await exportButton.click();
    await expect(page.getByText(`0 transfers saved to ${target}.`)).toBeVisible();
    expect((await readFile(target, 'utf8')).split('\r\n')).toEqual([
      'transfer_id,payment_id,due_at_utc,paid_at_utc,paid_at_local,payer,recipient,amount,currency,status,failure,transaction_id,memo',
      '',
    ]);
    expect(await readdir(exportFolder)).toEqual(['transfers.csv']);
    const testInfo = test.info();
    const path = testInfo.outputPath('electron-export.png');
    await page.screenshot({ path });
    await testInfo.attach('electron-export', { path, contentType: 'image/png' });
  });
});
