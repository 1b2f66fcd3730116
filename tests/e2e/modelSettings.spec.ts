import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeHub } from '../support/fakeHub';
import { startArcfluxServer } from './support/arcfluxServer';
import { attachScreenshot, expect, openApp, test, watchForPageProblems } from './support/fixtures';
import { missingReferenceModels, referenceWhisperTiny } from '../support/referenceModels';

const projectRoot = resolve(import.meta.dirname, '../..');
const TINY = 'Xenova/whisper-tiny.en';

test.describe('Settings > Models in browser mode', () => {
  test('downloads a model from a hub on loopback with a progress bar, then deletes it after asking', async ({
    page,
  }, testInfo) => {
    const missing = missingReferenceModels('the Settings > Models download', referenceWhisperTiny);
    test.skip(missing !== undefined, missing);
    // The served core downloads from this test double of the Hugging Face hub, named in a
    // system_config.json of its own (models.hubUrl); nothing leaves the machine.
    const hub = FakeHub.fromEntries([
      ...[
        'config.json',
        'generation_config.json',
        'preprocessor_config.json',
        'tokenizer.json',
        'tokenizer_config.json',
      ].map((file): [string, string] => [
        `${TINY}/resolve/main/${file}`,
        join(referenceWhisperTiny, file),
      ]),
      [`${TINY}/resolve/main/onnx/encoder_model_quantized.onnx`, randomBytes(400_000)],
      [`${TINY}/resolve/main/onnx/decoder_model_merged_quantized.onnx`, randomBytes(400_000)],
    ]);
    hub.pace({ chunkBytes: 48_000, delayMs: 40 });
    const hubUrl = await hub.start();
    const folder = await mkdtemp(join(tmpdir(), 'arcflux-e2e-config-'));
    const config = JSON.parse(await readFile(join(projectRoot, 'system_config.json'), 'utf8'));
    config.models.hubUrl = hubUrl;
    const configPath = join(folder, 'system_config.json');
    await writeFile(configPath, JSON.stringify(config));
    const server = await startArcfluxServer({ configPath });
    try {
      const problems = watchForPageProblems(page);
      await openApp(page, server);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('button', { name: 'Settings' })
        .click();
      const models = page.getByRole('region', { name: 'Models' });
      const tiny = models.getByRole('listitem', { name: 'Whisper tiny (English), quantised' });
      await expect(tiny).toContainText('Not downloaded');
      await expect(models).toContainText('is not downloaded. Download it in Settings > Models');

      await tiny.getByRole('button', { name: 'Download' }).click();
      const bar = tiny.getByRole('progressbar', {
        name: 'Downloading Whisper tiny (English), quantised',
      });
      await expect(bar).toBeVisible();
      await expect(bar).toHaveAttribute('aria-valuetext', / of .*MB/);
      await attachScreenshot(page, testInfo, 'models-downloading');
      await expect(tiny.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
      await expect(models).toContainText(
        'Whisper tiny (English), quantised is installed and verified.',
      );
      await expect(models).toContainText(/Models use 2\.9 MB on disk\./);
      expect(hub.requests.map((request) => request.path)).toContain(
        `${TINY}/resolve/main/tokenizer.json`,
      );
      await attachScreenshot(page, testInfo, 'models-ready');

      await tiny.getByRole('button', { name: 'Delete' }).click();
      const question = tiny.getByRole('group', {
        name: 'Delete Whisper tiny (English), quantised?',
      });
      await expect(question).toContainText('Voice commands stop working');
      await question.getByRole('button', { name: 'Delete' }).click();
      await expect(tiny).toContainText('Not downloaded');
      await expect(models).toContainText('Models use 0 bytes on disk.');
      expect(problems).toEqual([]);
    } finally {
      await server.stop();
      await hub.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('installs from a folder: a linked file is refused, and weights without a checksum show "Installed, not verified"', async ({
    page,
  }, testInfo) => {
    const missing = missingReferenceModels(
      'the Settings > Models folder install',
      referenceWhisperTiny,
    );
    test.skip(missing !== undefined, missing);
    const folder = await mkdtemp(join(tmpdir(), 'arcflux-e2e-offline-'));
    const source = join(folder, 'whisper-tiny');
    await cp(referenceWhisperTiny, source, { recursive: true });
    await mkdir(join(source, 'onnx'));
    // The decoder is a link to a file outside, standing in for /etc/passwd.
    await writeFile(join(folder, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    await writeFile(join(source, 'onnx', 'encoder_model_quantized.onnx'), randomBytes(4_000));
    const decoder = join(source, 'onnx', 'decoder_model_merged_quantized.onnx');
    await symlink(join(folder, 'passwd'), decoder);
    const server = await startArcfluxServer();
    try {
      const problems = watchForPageProblems(page);
      await openApp(page, server);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('button', { name: 'Settings' })
        .click();
      const models = page.getByRole('region', { name: 'Models' });
      const tiny = models.getByRole('listitem', { name: 'Whisper tiny (English), quantised' });
      await tiny.getByRole('button', { name: 'Install from a folder' }).click();
      await tiny.getByLabel("Folder holding the model's files").fill(source);
      await tiny.getByRole('button', { name: 'Install', exact: true }).click();
      await expect(tiny.getByRole('alert')).toContainText(
        'decoder_model_merged_quantized.onnx is a symbolic link, so ArcFlux did not install',
      );
      await attachScreenshot(page, testInfo, 'models-folder-link-refused');

      // The form stays open after a refusal; with the real file in place it installs.
      await rm(decoder);
      await writeFile(decoder, randomBytes(4_000));
      await tiny.getByRole('button', { name: 'Install', exact: true }).click();
      await expect(tiny.getByText('Installed, not verified', { exact: true })).toBeVisible();
      await expect(tiny.getByText('Ready', { exact: true })).toHaveCount(0);
      await expect(tiny).toContainText("ArcFlux had no checksum for some of this model's files");
      await expect(models).toContainText(
        'Whisper tiny (English), quantised is installed, but not verified',
      );
      await attachScreenshot(page, testInfo, 'models-installed-not-verified');
      // The browser logs the refused install (400) itself; nothing else went wrong.
      expect(problems).toEqual([
        'console: Failed to load resource: the server responded with a status of 400 (Bad Request)',
      ]);
    } finally {
      await server.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
