import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderFileError, openFolderFile } from '../../../../electron/core/models/folderFile';
import { ModelLibrary } from '../../../../electron/core/models/modelLibrary';
import { modelFileSchema, type ModelEntry } from '../../../../shared/schemas/model';
import { temporaryFolder } from '../../../support/dataFolder';
import { ManualClock } from '../../../support/manualClock';

/**
 * Install from a folder, against the attacks it must refuse: a link to a file outside
 * (a temporary file stands in for /etc/passwd), a linked parent folder, a FIFO, a socket,
 * a ".." path. And the honesty rule: without a known checksum, "installed, not verified".
 */

const config = Buffer.from('{"model_type":"whisper"}\n');
const weights = Buffer.from('stand-in weights '.repeat(64));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Both files checksummed: an install of it is verified. */
const checked: ModelEntry = {
  id: 'tests/checked-model',
  label: 'Checked model',
  task: 'speech-to-text',
  engine: 'transformers',
  licence: 'MIT',
  revision: 'main',
  files: [
    { path: 'config.json', size: config.length, sha256: sha256(config) },
    { path: 'onnx/weights.onnx', size: weights.length, sha256: sha256(weights) },
  ],
};
/** The weights without size or checksum, as most registry entries list them today. */
const unchecked: ModelEntry = {
  ...checked,
  id: 'tests/unchecked-model',
  label: 'Unchecked model',
  files: [checked.files[0]!, { path: 'onnx/weights.onnx', size: null, sha256: null }],
};

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(prefix: string) {
  const made = temporaryFolder(prefix);
  cleanups.push(made.remove);
  return made.path;
}

function setUp(models: ModelEntry[] = [checked, unchecked]) {
  const cacheDir = folder('arcflux-models-');
  const library = new ModelLibrary(models, {
    cacheDir,
    hubUrl: 'http://127.0.0.1:9/',
    clock: new ManualClock(),
  });
  const source = folder('arcflux-offline-');
  writeFileSync(join(source, 'config.json'), config);
  mkdirSync(join(source, 'onnx'));
  return { library, cacheDir, source };
}

/** Every file under the cache, so a test can show nothing of the outside file got in. */
function cacheHolds(cacheDir: string, bytes: Buffer): boolean {
  return readdirSync(cacheDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .some((entry) => readFileSync(join(entry.parentPath, entry.name)).includes(bytes));
}

const secret = Buffer.from('root:x:0:0:root:/root:/bin/bash\nstand-in for /etc/passwd\n');

describe('ModelLibrary.installFromFolder refuses what is not a plain file inside the folder', () => {
  it('a link to a file outside is refused with a clear error, and nothing is copied', async () => {
    const { library, cacheDir, source } = setUp();
    const outside = join(folder('arcflux-elsewhere-'), 'passwd');
    writeFileSync(outside, secret);
    symlinkSync(outside, join(source, 'onnx', 'weights.onnx'));

    const refusal = library.installFromFolder(unchecked.id, source);
    await expect(refusal).rejects.toMatchObject({
      code: 'invalid_input',
      message: `${join(source, 'onnx/weights.onnx')} is a symbolic link, so ArcFlux did not install Unchecked model from that folder. Every model file must be a plain file inside the folder you chose: copy the real file there in place of it and install again. Nothing was installed.`,
    });
    expect(await library.status(unchecked.id)).toMatchObject({ state: 'missing' });
    expect(existsSync(library.modelDir(unchecked.id))).toBe(false);
    expect(cacheHolds(cacheDir, secret)).toBe(false);
    // The files checked before the link were not copied either: all are checked first.
    expect(cacheHolds(cacheDir, config)).toBe(false);
  });

  it('a link to a file inside the folder is refused too', async () => {
    const { library, source } = setUp();
    writeFileSync(join(source, 'real-weights.onnx'), weights);
    symlinkSync(join(source, 'real-weights.onnx'), join(source, 'onnx', 'weights.onnx'));
    await expect(library.installFromFolder(checked.id, source)).rejects.toThrow(
      /weights\.onnx is a symbolic link/,
    );
  });

  it('a linked parent folder is refused as outside the chosen folder', async () => {
    const { library, cacheDir, source } = setUp();
    const elsewhere = folder('arcflux-elsewhere-');
    writeFileSync(join(elsewhere, 'weights.onnx'), weights);
    rmdirSync(join(source, 'onnx'));
    symlinkSync(elsewhere, join(source, 'onnx'));
    await expect(library.installFromFolder(checked.id, source)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(
        /onnx\/weights\.onnx is outside the chosen folder \(through "\.\.", an absolute path or a linked folder\)/,
      ),
    });
    expect(cacheHolds(cacheDir, weights)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('a FIFO is refused without blocking', async () => {
    const { library, source } = setUp();
    execFileSync('mkfifo', [join(source, 'onnx', 'weights.onnx')]);
    await expect(library.installFromFolder(checked.id, source)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(
        'weights.onnx is not a regular file (it is a pipe, socket or device)',
      ),
    });
    expect(existsSync(library.modelDir(checked.id))).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('a socket is refused', async () => {
    const { library, source } = setUp();
    const server: Server = createServer();
    await new Promise<void>((resolve) =>
      server.listen(join(source, 'onnx', 'weights.onnx'), resolve),
    );
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await expect(library.installFromFolder(checked.id, source)).rejects.toThrow(
      /weights\.onnx is not a regular file/,
    );
  });

  it('a ".." path is refused before anything is read (and the registry schema refuses it)', async () => {
    const escaping: ModelEntry = {
      ...checked,
      id: 'tests/escaping-model',
      files: [{ path: '../passwd', size: null, sha256: null }],
    };
    const { library, cacheDir } = setUp([escaping]);
    // The chosen folder inside a private one, with a file beside it where "../passwd" leads.
    const parent = folder('arcflux-parent-');
    const chosen = join(parent, 'chosen');
    mkdirSync(chosen);
    writeFileSync(join(parent, 'passwd'), secret);
    await expect(library.installFromFolder(escaping.id, chosen)).rejects.toThrow(
      /passwd is outside the chosen folder/,
    );
    expect(cacheHolds(cacheDir, secret)).toBe(false);
    expect(modelFileSchema.safeParse(escaping.files[0]).success).toBe(false);
  });

  it('a missing file still says which files the folder must hold', async () => {
    const { library, source } = setUp();
    await expect(library.installFromFolder(checked.id, source)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining(
        "onnx/weights.onnx is missing, so Checked model can't be installed from that folder. Pick the folder that holds config.json, onnx/weights.onnx.",
      ),
    });
  });
});

describe('what an install from a folder is reported as', () => {
  it('every file matching the registry checksum: ready, installed and verified', async () => {
    const { library, source } = setUp();
    writeFileSync(join(source, 'onnx', 'weights.onnx'), weights);
    expect(await library.installFromFolder(checked.id, source)).toMatchObject({
      state: 'ready',
      reason: 'Installed and verified.',
    });
    const installed = join(library.modelDir(checked.id), 'onnx', 'weights.onnx');
    expect(readFileSync(installed).equals(weights)).toBe(true);
  });

  it('a file the registry has no checksum for: installed, not verified, never "verified"', async () => {
    const { library, source } = setUp();
    writeFileSync(join(source, 'onnx', 'weights.onnx'), secret);
    const status = await library.installFromFolder(unchecked.id, source);
    expect(status).toMatchObject({
      state: 'installed_unverified',
      reason:
        'Installed, not verified: ArcFlux knows no checksum for onnx/weights.onnx, so it could not check that file. Use it only if you trust where the files came from.',
    });
    expect(status.reason).not.toMatch(/and verified/);
    // A fresh library (a restart) reads the same from the manifest.
    const again = new ModelLibrary([checked, unchecked], {
      cacheDir: join(library.modelDir(unchecked.id), '..', '..'),
      hubUrl: 'http://127.0.0.1:9/',
      clock: new ManualClock(),
    });
    expect((await again.status(unchecked.id)).state).toBe('installed_unverified');
  });

  it('a manifest written before checks were recorded counts only the registry checksums', async () => {
    const { library, source } = setUp();
    writeFileSync(join(source, 'onnx', 'weights.onnx'), weights);
    await library.installFromFolder(checked.id, source);
    const manifestPath = join(library.modelDir(checked.id), 'arcflux-manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      files: { checksumChecked?: boolean }[];
    };
    for (const file of manifest.files) delete file.checksumChecked;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect((await library.status(checked.id)).state).toBe('ready');
    // The same files under the unchecked entry: nothing vouches for the weights.
    const asUnchecked = new ModelLibrary([{ ...unchecked, id: checked.id }], {
      cacheDir: join(library.modelDir(checked.id), '..', '..'),
      hubUrl: 'http://127.0.0.1:9/',
      clock: new ManualClock(),
    });
    expect((await asUnchecked.status(checked.id)).state).toBe('installed_unverified');
  });
});

describe('openFolderFile', () => {
  it.each([['/etc/passwd'], ['../passwd'], ['onnx/../../passwd'], ['']])(
    'refuses %j as outside the folder',
    async (path) => {
      const source = folder('arcflux-offline-');
      await expect(openFolderFile(source, path)).rejects.toMatchObject({
        problem: 'outside_folder',
      });
    },
  );

  it('opens a plain file inside the folder, and refuses a folder in its place', async () => {
    const source = folder('arcflux-offline-');
    mkdirSync(join(source, 'onnx'));
    writeFileSync(join(source, 'onnx', 'weights.onnx'), weights);
    const handle = await openFolderFile(source, 'onnx/weights.onnx');
    try {
      expect((await handle.readFile()).equals(weights)).toBe(true);
    } finally {
      await handle.close();
    }
    const refusal = openFolderFile(source, 'onnx');
    await expect(refusal).rejects.toBeInstanceOf(FolderFileError);
    await expect(refusal).rejects.toMatchObject({ problem: 'not_a_file' });
  });
});
