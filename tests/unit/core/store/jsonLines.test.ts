import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CoreError } from '../../../../electron/core/errors';
import { JsonLinesLog, type LogSpec } from '../../../../electron/core/store';
import { ManualClock } from '../../../support/manualClock';
import { useScratchFolders } from '../../../support/storeFolder';

const folders = useScratchFolders();
const clock = new ManualClock('2026-11-01T09:30:05.000Z');

const entrySchema = z.object({ id: z.string(), state: z.enum(['started', 'succeeded', 'failed']) });
type Entry = z.infer<typeof entrySchema>;
const spec: LogSpec<Entry> = { file: 'journal.jsonl', version: 1, schema: entrySchema };

const line = (id: string, state = 'started') =>
  `${JSON.stringify({ v: 1, data: { id, state } })}\n`;

describe('JsonLinesLog', () => {
  it('creates a missing file empty, appends, and reloads in order', async () => {
    const dir = await folders.make();
    const log = await JsonLinesLog.open(dir, spec, clock);
    expect(log.records).toEqual([]);
    expect(await readFile(join(dir, 'journal.jsonl'), 'utf8')).toBe('');

    await log.append({ id: 'exe_1', state: 'started' });
    await log.append({ id: 'exe_1', state: 'succeeded' });
    expect(await readFile(join(dir, 'journal.jsonl'), 'utf8')).toBe(
      line('exe_1') + line('exe_1', 'succeeded'),
    );
    const reopened = await JsonLinesLog.open(dir, spec, clock);
    expect(reopened.records).toEqual(log.records);
    expect(reopened.droppedTornLine).toBe(false);
  });

  it('appends a batch as one commit, visible only once it is on disk', async () => {
    const dir = await folders.make();
    const log = await JsonLinesLog.open(dir, spec, clock);
    const batch = Array.from({ length: 100 }, (_, index) => ({
      id: `exe_${index}`,
      state: 'started' as const,
    }));
    const appending = log.append(batch);
    expect(log.records).toHaveLength(0);
    await appending;
    expect(log.records).toEqual(batch);
    expect((await JsonLinesLog.open(dir, spec, clock)).records).toEqual(batch);
  });

  it('keeps call order when many appends race', async () => {
    const dir = await folders.make();
    const log = await JsonLinesLog.open(dir, spec, clock);
    const ids = Array.from({ length: 200 }, (_, index) => `exe_${index}`);
    await Promise.all(ids.map((id) => log.append({ id, state: 'started' })));
    expect(log.records.map((entry) => entry.id)).toEqual(ids);
    const reopened = await JsonLinesLog.open(dir, spec, clock);
    expect(reopened.records.map((entry) => entry.id)).toEqual(ids);
  });

  it('fails an append rather than start a new file when the log vanished', async () => {
    const dir = await folders.make();
    const log = await JsonLinesLog.open(dir, spec, clock);
    await log.append({ id: 'exe_1', state: 'started' });
    await rm(join(dir, 'journal.jsonl'));
    await expect(log.append({ id: 'exe_2', state: 'started' })).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(log.records).toHaveLength(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects an invalid record and writes none of its batch', async () => {
    const dir = await folders.make();
    const log = await JsonLinesLog.open(dir, spec, clock);
    const bad = { id: 'exe_2', state: 'unknown' } as unknown as Entry;
    const error = await log
      .append([{ id: 'exe_1', state: 'started' }, bad])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('internal');
    expect((error as CoreError).message).toContain('data.state');
    expect(log.records).toEqual([]);
    expect(await readFile(join(dir, 'journal.jsonl'), 'utf8')).toBe('');
  });

  it.each([
    ['no trailing newline', '{"v":1,"data":{"id":"exe_3","sta'],
    ['a complete record without its newline', line('exe_3').trimEnd()],
    ['zeros where the data never landed', '\0\0\0\0\0\0\0\n'],
  ])('drops a torn last line (%s) and repairs the file', async (_label, torn) => {
    const dir = await folders.make();
    const path = join(dir, 'journal.jsonl');
    const good = line('exe_1') + line('exe_2');
    await writeFile(path, good + torn);

    const log = await JsonLinesLog.open(dir, spec, clock);
    expect(log.droppedTornLine).toBe(true);
    expect(log.records.map((entry) => entry.id)).toEqual(['exe_1', 'exe_2']);
    expect(await readFile(path, 'utf8')).toBe(good);

    await log.append({ id: 'exe_4', state: 'started' });
    expect(await readFile(path, 'utf8')).toBe(good + line('exe_4'));
    const reopened = await JsonLinesLog.open(dir, spec, clock);
    expect(reopened.droppedTornLine).toBe(false);
    expect(reopened.records.map((entry) => entry.id)).toEqual(['exe_1', 'exe_2', 'exe_4']);
  });

  it('quarantines a bad line in the middle and names its line number', async () => {
    const dir = await folders.make();
    const path = join(dir, 'journal.jsonl');
    const content = line('exe_1') + '{"v":1,"data":{"id":"exe_2"\n' + line('exe_3');
    await writeFile(path, content);

    const error = await openError(dir);
    const copy = `${path}.corrupt-20261101T093005Z`;
    expect(error.code).toBe('corrupt_data');
    expect(error.message).toContain(path);
    expect(error.message).toContain('line 2 is not valid JSON');
    expect(error.message).toContain(copy);
    expect(error.message).toContain('fix or delete that line');
    expect(await readFile(path, 'utf8')).toBe(content);
    expect(await readFile(copy, 'utf8')).toBe(content);
  });

  it('quarantines a last line that is complete JSON but breaks the schema', async () => {
    const dir = await folders.make();
    const path = join(dir, 'journal.jsonl');
    await writeFile(path, line('exe_1') + line('exe_2', 'exploded'));
    const error = await openError(dir);
    expect(error.message).toContain('line 2');
    expect(error.message).toContain('data.state');
    expect(await readdir(dir)).toHaveLength(2);
  });

  it('refuses lines from a newer version and upgrades older ones on load', async () => {
    const dir = await folders.make();
    const path = join(dir, 'journal.jsonl');
    await writeFile(path, `${JSON.stringify({ v: 1, data: { id: 'exe_1', ok: true } })}\n`);
    await appendFile(path, line('exe_2').replace('"v":1', '"v":2'));
    const v2: LogSpec<Entry> = {
      ...spec,
      version: 2,
      migrations: {
        1: (data) => {
          const old = z.object({ id: z.string(), ok: z.boolean() }).parse(data);
          return { id: old.id, state: old.ok ? 'succeeded' : 'failed' };
        },
      },
    };
    const log = await JsonLinesLog.open(dir, v2, clock);
    expect(log.records).toEqual([
      { id: 'exe_1', state: 'succeeded' },
      { id: 'exe_2', state: 'started' },
    ]);

    await writeFile(path, line('exe_1') + line('exe_2').replace('"v":1', '"v":2'));
    const error = await openError(dir);
    expect(error.message).toContain('line 2 was saved by a newer version');
  });
});

async function openError(dir: string): Promise<CoreError> {
  const error = await JsonLinesLog.open(dir, spec, clock).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof CoreError) return error;
  throw new Error(`expected a CoreError, got ${String(error)}`);
}
