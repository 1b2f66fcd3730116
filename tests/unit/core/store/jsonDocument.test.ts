import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CoreError } from '../../../../electron/core/errors';
import { JsonDocument, type DocumentSpec } from '../../../../electron/core/store';
import { ManualClock } from '../../../support/manualClock';
import { useScratchFolders } from '../../../support/storeFolder';

const folders = useScratchFolders();
const clock = new ManualClock('2026-11-01T09:30:05.250Z');

const paymentSchema = z.object({ id: z.string(), amount: z.string().regex(/^\d+(\.\d+)?$/) });
const ledgerSpec: DocumentSpec<z.infer<typeof paymentSchema>[]> = {
  file: 'ledger.json',
  version: 1,
  schema: z.array(paymentSchema),
  initial: () => [],
};
const counterSpec: DocumentSpec<number> = {
  file: 'counter.json',
  version: 1,
  schema: z.number().int(),
  initial: () => 0,
};

describe('JsonDocument', () => {
  it('creates the file from initial() and reads back what it wrote', async () => {
    const dir = await folders.make();
    const created = await JsonDocument.open(dir, ledgerSpec, clock);
    expect(created.value).toEqual([]);
    expect(await readFile(join(dir, 'ledger.json'), 'utf8')).toBe(
      '{\n  "schemaVersion": 1,\n  "data": []\n}\n',
    );

    await created.write([{ id: 'pay_1', amount: '10.50' }]);
    const reopened = await JsonDocument.open(dir, ledgerSpec, clock);
    expect(reopened.value).toEqual([{ id: 'pay_1', amount: '10.50' }]);
    expect(await readdir(dir)).toEqual(['ledger.json']);
  });

  it('serialises concurrent updates so none is lost', async () => {
    const dir = await folders.make();
    const counter = await JsonDocument.open(dir, counterSpec, clock);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => counter.update((n) => n + 1)),
    );
    expect(counter.value).toBe(100);
    expect([...results].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    expect((await JsonDocument.open(dir, counterSpec, clock)).value).toBe(100);
  });

  it('keeps going after a failed update', async () => {
    const dir = await folders.make();
    const counter = await JsonDocument.open(dir, counterSpec, clock);
    const failing = counter.update(() => {
      throw new Error('change failed');
    });
    const next = counter.update((n) => n + 1);
    await expect(failing).rejects.toThrow('change failed');
    await expect(next).resolves.toBe(1);
  });

  it('rejects an invalid value as an internal error and writes nothing', async () => {
    const dir = await folders.make();
    const ledger = await JsonDocument.open(dir, ledgerSpec, clock);
    await ledger.write([{ id: 'pay_1', amount: '1' }]);
    const before = await readFile(join(dir, 'ledger.json'), 'utf8');

    const error = await ledger
      .write([{ id: 'pay_2', amount: 1.5 as unknown as string }])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('internal');
    expect((error as CoreError).message).toContain('data[0].amount');
    await expect(ledger.update((current) => [...current, { id: 'x' } as never])).rejects.toThrow(
      CoreError,
    );
    expect(await readFile(join(dir, 'ledger.json'), 'utf8')).toBe(before);
    expect(ledger.value).toEqual([{ id: 'pay_1', amount: '1' }]);
  });

  it('refuses a missing file when there is no initial value', async () => {
    const dir = await folders.make();
    const error = await openError(dir, { ...ledgerSpec, initial: undefined });
    expect(error.code).toBe('corrupt_data');
    expect(error.message).toContain(join(dir, 'ledger.json'));
    expect(error.message).toContain('backup');
    expect(await readdir(dir)).toEqual([]);
  });

  it('quarantines unparseable JSON, keeps the original, and says the way out', async () => {
    const dir = await folders.make();
    const path = join(dir, 'ledger.json');
    const damaged = '{\n  "schemaVersion": 1,\n  "data": [{"id": "pay_1", "amo';
    await writeFile(path, damaged);

    const error = await openError(dir, ledgerSpec);
    const copy = `${path}.corrupt-20261101T093005Z`;
    expect(error.code).toBe('corrupt_data');
    expect(error.message).toContain(path);
    expect(error.message).toContain('not valid JSON');
    expect(error.message).toContain(copy);
    expect(error.message).toContain('Restore the file from a backup');
    expect(await readFile(path, 'utf8')).toBe(damaged);
    expect(await readFile(copy, 'utf8')).toBe(damaged);
  });

  it('never overwrites an earlier quarantine copy', async () => {
    const dir = await folders.make();
    const path = join(dir, 'ledger.json');
    await writeFile(path, 'first damage');
    await openError(dir, ledgerSpec);
    await writeFile(path, 'second damage');
    await openError(dir, ledgerSpec);
    const base = `${path}.corrupt-20261101T093005Z`;
    expect(await readFile(base, 'utf8')).toBe('first damage');
    expect(await readFile(`${base}-2`, 'utf8')).toBe('second damage');
  });

  it('names the field path when the data breaks the schema', async () => {
    const dir = await folders.make();
    const data = [
      { id: 'pay_1', amount: '1' },
      { id: 'pay_2', amount: 10.5 },
    ];
    await writeFile(join(dir, 'ledger.json'), JSON.stringify({ schemaVersion: 1, data }));
    const error = await openError(dir, ledgerSpec);
    expect(error.code).toBe('corrupt_data');
    expect(error.message).toContain('data[1].amount');
    expect(error.message).toContain('expected string');
  });

  it('refuses a file without the version envelope', async () => {
    const dir = await folders.make();
    await writeFile(join(dir, 'ledger.json'), '[]');
    const error = await openError(dir, ledgerSpec);
    expect(error.code).toBe('corrupt_data');
    expect(error.message).toContain('schemaVersion');
  });

  it('refuses a file saved by a newer version, without touching it', async () => {
    const dir = await folders.make();
    const newer = JSON.stringify({ schemaVersion: 3, data: [] });
    await writeFile(join(dir, 'ledger.json'), newer);
    const error = await openError(dir, ledgerSpec);
    expect(error.code).toBe('corrupt_data');
    expect(error.message).toContain('newer version');
    expect(await readFile(join(dir, 'ledger.json'), 'utf8')).toBe(newer);
  });

  it('migrates an older version step by step and saves it at the new version', async () => {
    const dir = await folders.make();
    const path = join(dir, 'ledger.json');
    // Version 1 kept amounts in cents as integers; version 2 keeps decimal strings.
    await writeFile(
      path,
      JSON.stringify({ schemaVersion: 1, data: [{ id: 'pay_1', cents: 1050 }] }),
    );
    const v1Schema = z.array(z.object({ id: z.string(), cents: z.number().int() }));
    const spec: DocumentSpec<z.infer<typeof paymentSchema>[]> = {
      ...ledgerSpec,
      version: 2,
      migrations: {
        1: (data) =>
          v1Schema.parse(data).map(({ id, cents }) => ({
            id,
            amount: `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
          })),
      },
    };
    const document = await JsonDocument.open(dir, spec, clock);
    expect(document.value).toEqual([{ id: 'pay_1', amount: '10.50' }]);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved).toEqual({ schemaVersion: 2, data: [{ id: 'pay_1', amount: '10.50' }] });
  });

  it('quarantines a file whose migration fails', async () => {
    const dir = await folders.make();
    const original = JSON.stringify({ schemaVersion: 1, data: 'unexpected' });
    await writeFile(join(dir, 'ledger.json'), original);
    const spec = {
      ...ledgerSpec,
      version: 2,
      migrations: {
        1: () => {
          throw new Error('no payments list');
        },
      },
    };
    const error = await openError(dir, spec);
    expect(error.message).toContain(
      'could not be upgraded from format version 1 to 2 (no payments list)',
    );
    expect((await readdir(dir)).sort()).toEqual([
      'ledger.json',
      'ledger.json.corrupt-20261101T093005Z',
    ]);
    expect(await readFile(join(dir, 'ledger.json'), 'utf8')).toBe(original);
  });
});

async function openError<T>(dir: string, spec: DocumentSpec<T>): Promise<CoreError> {
  const error = await JsonDocument.open(dir, spec, clock).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof CoreError) return error;
  throw new Error(`expected a CoreError, got ${String(error)}`);
}
