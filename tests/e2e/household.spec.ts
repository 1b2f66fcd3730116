import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  postgresUnavailable,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../support/postgres';
import { startArcfluxServer, type ArcfluxServer } from './support/arcfluxServer';
import { attachScreenshot, expect, openApp, test, watchForPageProblems } from './support/fixtures';

const projectRoot = resolve(import.meta.dirname, '../..');

/**
 * Runs `arcflux household …` before the server starts, on its data folder (and, with a
 * PostgreSQL config, on the database the config names); its output.
 */
function household(dataDir: string, configPath: string | undefined, ...args: string[]): string {
  return execFileSync(
    process.execPath,
    [
      'electron/cli/bin.mjs',
      'household',
      ...args,
      '--data',
      dataDir,
      ...(configPath ? ['--config', configPath] : []),
    ],
    { cwd: projectRoot, encoding: 'utf8' },
  );
}

/** The project's system config with the household store on `url`, in a folder of its own. */
function postgresConfig(url: string): { path: string; folder: string } {
  const folder = mkdtempSync(join(tmpdir(), 'arcflux-e2e-household-'));
  const config = JSON.parse(readFileSync(join(projectRoot, 'system_config.json'), 'utf8'));
  config.store = { kind: 'postgres', url };
  const path = join(folder, 'system_config.json');
  writeFileSync(path, JSON.stringify(config));
  return { path, folder };
}

/** A call to the household server with a person's own token, as their desktop would make it. */
async function asPerson(
  server: ArcfluxServer,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(new URL(path, server.origin), {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

/** The same household flow on each store: the desktop's JSON folder, and PostgreSQL. */
const STORES = ['json', 'postgres'] as const;

for (const store of STORES) {
  test.describe(`household server (${store} store)`, () => {
    const unavailable = store === 'postgres' ? postgresUnavailable() : undefined;
    let cluster: ThrowawayPostgres | undefined;
    test.beforeAll(async () => {
      if (store === 'postgres' && unavailable === undefined) {
        cluster = await startThrowawayPostgres();
      }
    });
    test.afterAll(async () => {
      await cluster?.stop();
    });

    test("a member's large payment waits, the owner approves it in the browser, and it runs once", async ({
      page,
    }, testInfo) => {
      test.skip(unavailable !== undefined, unavailable);
      const config = cluster
        ? postgresConfig(await cluster.createDatabase('household_e2e'))
        : undefined;
      let memberToken = '';
      const server = await startArcfluxServer({
        ...(config ? { configPath: config.path } : {}),
        prepareData: async (dataDir) => {
          household(dataDir, config?.path, 'role', '--user', 'user2', '--role', 'member');
          memberToken = (
            JSON.parse(household(dataDir, config?.path, 'token', '--user', 'user2', '--json')) as {
              token: string;
            }
          ).token;
        },
      });
      try {
        const problems = watchForPageProblems(page);
        // The owner's browser: the desktop's user, user1.
        await openApp(page, server);

        const asked = await asPerson(server, memberToken, 'POST', '/v1/commands', {
          text: 'Pay Alice Chen 600 USDC',
        });
        expect(asked.status).toBe(200);
        const paymentId = asked.body.data.payment.id as string;
        expect(asked.body.data.proposal).toMatchObject({
          secondApproval: true,
          askedBy: { userId: 'user2' },
        });
        // The member can't approve their own request.
        const own = await asPerson(
          server,
          memberToken,
          'POST',
          `/v1/payments/${paymentId}/confirm`,
          {},
        );
        expect(own).toMatchObject({ status: 403, body: { error: { reason: 'own_request' } } });

        const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
        await expect(dialog).toBeVisible();
        await expect(dialog.getByTestId('proposal-asked-by')).toContainText('User Two');
        await expect(dialog.getByTestId('proposal-approval')).toContainText(
          'Waits for an owner of the household',
        );
        await expect(dialog).toContainText('Second person approval');
        await attachScreenshot(page, testInfo, 'household-approval');

        await dialog.getByRole('button', { name: 'Confirm' }).click();
        await expect(dialog).toBeHidden();
        const approved = await asPerson(
          server,
          memberToken,
          'GET',
          `/v1/payments/${paymentId}/proposal`,
        );
        expect(approved.body.data.proposal).toMatchObject({
          status: 'confirmed',
          decidedBy: { userId: 'user1', name: 'User One' },
        });
        // The server's own ticks pay it after its undo window, once.
        await expect
          .poll(
            async () =>
              (await asPerson(server, memberToken, 'GET', `/v1/payments/${paymentId}`)).body.data
                .payment.status,
            { timeout: 60_000 },
          )
          .toBe('executed');
        const paid = await asPerson(server, memberToken, 'GET', `/v1/payments/${paymentId}`);
        expect(
          paid.body.data.executions.filter(
            (line: { status: string }) => line.status === 'succeeded',
          ),
        ).toHaveLength(1);
        expect(problems).toEqual([]);
        if (config) {
          // The server ran on the database, not the folder: the folder holds no ledger.
          expect(server.output()).toContain('household store: PostgreSQL');
        }
      } finally {
        await server.stop();
        if (config) rmSync(config.folder, { recursive: true, force: true });
      }
    });
  });
}
