import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/createCore';
import { PersonalTokens } from '../../electron/core/household/personalTokens';
import { startServer } from '../../electron/server/server';
import { cliPath, runCli } from '../support/cli';
import { repositoryRoot, seedDir } from '../support/dataFolder';
import { EventStream } from '../support/eventStream';
import { eventually } from '../support/eventually';
import { ManualClock } from '../support/manualClock';
import { configWith } from '../support/moneyCore';
import { usePostgresCluster } from '../support/usePostgres';

const { unavailable, freshDatabase } = usePostgresCluster('tokens');

/**
 * Personal tokens on the PostgreSQL store live in the database, shared by every `serve`
 * on it: a token issued through one process signs in on the others without a restart,
 * and a revoke ends it everywhere. Only the SHA-256 is stored.
 */
describe.skipIf(unavailable !== undefined)('personal tokens in the household database', () => {
  const folders: string[] = [];
  const cores: Core[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    }
    for (const core of cores.splice(0)) await core.close();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  const folder = () => {
    const path = mkdtempSync(join(tmpdir(), 'arcflux-tokens-'));
    folders.push(path);
    return path;
  };
  const postgresConfig = () =>
    configWith(folder(), (config) => {
      config.store = { kind: 'postgres', url: 'env:ARCFLUX_DATABASE_URL' };
    });

  async function open(
    url: string,
    configPath: string,
    options: { dataDir?: string; log?: (line: string) => void } = {},
  ) {
    const core = await openCore({
      dataDir: options.dataDir ?? folder(),
      owner: 'a household tokens test',
      configPath,
      seedDir,
      clock: new ManualClock(),
      env: { ARCFLUX_DATABASE_URL: url },
      log: options.log ?? (() => undefined),
    });
    cores.push(core);
    return core;
  }

  async function storedTokens(url: string) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (
        await client.query<Record<string, unknown>>(
          'SELECT * FROM household_tokens ORDER BY position',
        )
      ).rows;
    } finally {
      await client.end();
    }
  }

  /** A real `arcflux serve --store postgres` with a data folder of its own. */
  async function serve(url: string, configPath: string) {
    const dataDir = folder();
    const child = spawn(
      process.execPath,
      [
        cliPath,
        'serve',
        '--store',
        'postgres',
        '--port',
        '0',
        '--data',
        dataDir,
        '--config',
        configPath,
      ],
      {
        cwd: repositoryRoot,
        env: { ...process.env, ARCFLUX_DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    const output = { stdout: '', stderr: '' };
    child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    await eventually(
      () => output.stdout.includes('ArcFlux browser mode:') || child.exitCode !== null,
      'serve to start',
    );
    expect(child.exitCode, output.stderr).toBeNull();
    const api = /ArcFlux API: (\S+)/.exec(output.stdout)?.[1] ?? '';
    return {
      dataDir,
      output,
      /** GET a route with a bearer token: the status and the whole body as text. */
      async get(path: string, bearer: string) {
        const response = await fetch(new URL(path, api), {
          headers: { authorization: `Bearer ${bearer}` },
        });
        return { status: response.status, text: await response.text() };
      },
    };
  }

  it('a token the CLI issues signs in on two running servers at once, and its revoke ends it on both', async () => {
    const url = await freshDatabase();
    const configPath = postgresConfig();
    const servers = [await serve(url, configPath), await serve(url, configPath)];
    // The CLI runs beside the servers, on a folder of its own: it writes to the database.
    const household = (...args: string[]) =>
      runCli(['household', ...args, '--data', folder(), '--config', configPath], {
        ARCFLUX_DATABASE_URL: url,
      });
    expect((await household('role', '--user', 'user2', '--role', 'member')).code).toBe(0);
    const issued = await household('token', '--user', 'user2', '--json');
    expect(issued.stderr).toBe('ArcFlux: the PostgreSQL schema is up to date.\n');
    const { token, tokenId } = JSON.parse(issued.stdout) as { token: string; tokenId: string };

    for (const [index, server] of servers.entries()) {
      await eventually(
        async () => (await server.get('/v1/balance', token)).status === 200,
        `the new token to sign in on server ${index + 1}`,
      );
      const balance = JSON.parse((await server.get('/v1/balance', token)).text);
      expect(balance.data.userId).toBe('user2');
      // No restart was needed, and the token went to neither server's folder.
      expect(existsSync(join(server.dataDir, 'household_tokens.json'))).toBe(false);
    }
    const listed = await household('list', '--json');
    expect(
      (JSON.parse(listed.stdout) as { userId: string; tokens: number; role: string }[]).find(
        (person) => person.userId === 'user2',
      ),
    ).toMatchObject({ role: 'member', tokens: 1 });

    // The database keeps the token's id, person, SHA-256 and time, never the token.
    const rows = await storedTokens(url);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: tokenId, user_id: 'user2' });
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual([
      'created_at',
      'hash',
      'id',
      'position',
      'user_id',
    ]);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));

    const revoked = await household('token', '--user', 'user2', '--revoke', '--json');
    expect(JSON.parse(revoked.stdout)).toEqual({ userId: 'user2', revoked: 1 });
    for (const [index, server] of servers.entries()) {
      await eventually(
        async () => (await server.get('/v1/balance', token)).status === 401,
        `the revoked token to be refused on server ${index + 1}`,
      );
      const refused = await server.get('/v1/balance', token);
      expect(JSON.parse(refused.text)).toMatchObject({
        ok: false,
        error: { code: 'unauthorized', reason: 'not_signed_in' },
      });
      // Neither the refusal nor the server's output repeats the token.
      expect(refused.text).not.toContain(token.slice(4));
      expect(server.output.stdout + server.output.stderr).not.toContain(token.slice(4));
    }
    expect(issued.stdout.split(token.slice(4)).length).toBe(2);
    expect(await storedTokens(url)).toEqual([]);
  });

  it("two processes' issues and revokes all land: each starts from what the database holds", async () => {
    const url = await freshDatabase();
    const configPath = postgresConfig();
    const a = await open(url, configPath);
    const b = await open(url, configPath);
    // Issued at the same time in two processes: neither write loses the other's token.
    const [fromA, fromB] = await Promise.all([
      a.household.issueToken('user2'),
      b.household.issueToken('user3'),
    ]);
    for (const core of [a, b]) {
      await eventually(
        () => core.household.identify(fromA.token) !== null,
        "A's token in each core",
      );
      await eventually(
        () => core.household.identify(fromB.token) !== null,
        "B's token in each core",
      );
    }
    expect(b.household.identify(fromA.token)).toEqual({
      kind: 'personal',
      userId: 'user2',
      tokenId: fromA.tokenId,
    });
    expect((await storedTokens(url)).map((row) => row.user_id).sort()).toEqual(['user2', 'user3']);

    // Revoked through B, the token A issued stops in A too; B's own token is untouched.
    expect(await b.household.revokeTokens('user2')).toBe(1);
    await eventually(
      () => a.household.identify(fromA.token) === null,
      'the revoke to reach the other core',
    );
    expect(a.household.identify(fromB.token)).toMatchObject({ userId: 'user3' });
    expect(a.household.people().find((person) => person.userId === 'user3')?.tokens).toBe(1);

    // A core opened later reads the tokens from the database, not from its own folder.
    const c = await open(url, configPath);
    expect(c.household.identify(fromB.token)).toMatchObject({ userId: 'user3' });
    expect(c.household.identify(fromA.token)).toBeNull();
  });

  it("says so when a server's folder holds tokens from before, and does not read them", async () => {
    const url = await freshDatabase();
    const dataDir = folder();
    const old = await (await PersonalTokens.open(dataDir, new ManualClock())).issue('user2');
    const before = readFileSync(join(dataDir, 'household_tokens.json'), 'utf8');
    const lines: string[] = [];
    const core = await open(url, postgresConfig(), { dataDir, log: (line) => lines.push(line) });
    // Not copied in: another server may have revoked that person's tokens since.
    expect(core.household.identify(old.token)).toBeNull();
    expect(lines).toContainEqual(
      expect.stringMatching(
        /household_tokens\.json holds 1 personal token\(s\) that this server does not read: .*Issue them again with "arcflux household token --user ID"/,
      ),
    );
    expect(lines.join('\n')).not.toContain(old.token.slice(4));
    expect(readFileSync(join(dataDir, 'household_tokens.json'), 'utf8')).toBe(before);
    expect(await storedTokens(url)).toEqual([]);
  });

  it("streams another process's changes to each person as their reads allow, with tokens issued there", async () => {
    const url = await freshDatabase();
    const configPath = postgresConfig();
    const a = await open(url, configPath);
    const b = await open(url, configPath);
    const server = await startServer({
      core: b,
      host: '127.0.0.1',
      port: 0,
      token: 'household-tokens-server-0123456789',
      launchCode: 'launch-code-0123456789',
      staticDir: folder(),
    });
    try {
      await a.household.setRole('user2', 'member');
      await a.household.setRole('user3', 'member');
      // Issued in A, used on B's server.
      const issued = {
        user2: await a.household.issueToken('user2'),
        user3: await a.household.issueToken('user3'),
      };
      for (const { token } of Object.values(issued)) {
        await eventually(() => b.household.identify(token) !== null, 'the token in B');
      }
      const streams = {
        user2: new EventStream(server.url, issued.user2.token),
        user3: new EventStream(server.url, issued.user3.token),
      };
      await Promise.all(Object.values(streams).map((stream) => stream.open()));
      // Each member asks for a payment in A: B announces its payment and notification.
      const paymentIds: string[] = [];
      for (const userId of ['user2', 'user3'] as const) {
        const asked = await a.dispatch(
          'commands:run',
          { text: 'Pay Bob Martinez 5 USDC' },
          { kind: 'personal', userId, tokenId: issued[userId].tokenId },
        );
        if (!asked.ok) throw new Error(asked.error.message);
        paymentIds.push((asked.data as { payment: { id: string } }).payment.id);
      }
      const marker = await a.dispatch('settings:update', { timezone: 'Europe/Paris' });
      expect(marker.ok).toBe(true);
      await eventually(
        () => Object.values(streams).every((stream) => stream.of('settings:changed').length > 0),
        "A's settings event on both of B's streams",
      );
      for (const userId of ['user2', 'user3'] as const) {
        const stream = streams[userId];
        const notified = stream.of('notification:created').map((p) => p.notification.userId);
        expect(notified.length, userId).toBeGreaterThan(0);
        expect(new Set(notified), userId).toEqual(new Set([userId]));
        // The household's shared history: both payments, as their REST reads answer.
        expect(new Set(stream.of('payment:changed').map((p) => p.payment.id))).toEqual(
          new Set(paymentIds),
        );
      }
      await Promise.all(Object.values(streams).map((stream) => stream.close()));
    } finally {
      await server.close();
    }
  });
});
