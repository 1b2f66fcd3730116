import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startArcfluxServer, type ArcfluxServer } from './support/arcfluxServer';
import { attachScreenshot, expect, openApp, test, watchForPageProblems } from './support/fixtures';

const projectRoot = resolve(import.meta.dirname, '../..');

/** Runs `arcflux household …` on a data folder before the server takes it; its output. */
function household(dataDir: string, ...args: string[]): string {
  return execFileSync(
    process.execPath,
    ['electron/cli/bin.mjs', 'household', ...args, '--data', dataDir],
    { cwd: projectRoot, encoding: 'utf8' },
  );
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

test.describe('household server', () => {
  test("a member's large payment waits, the owner approves it in the browser, and it runs once", async ({
    page,
  }, testInfo) => {
    let memberToken = '';
    const server = await startArcfluxServer({
      prepareData: async (dataDir) => {
        household(dataDir, 'role', '--user', 'user2', '--role', 'member');
        memberToken = (
          JSON.parse(household(dataDir, 'token', '--user', 'user2', '--json')) as { token: string }
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
        paid.body.data.executions.filter((line: { status: string }) => line.status === 'succeeded'),
      ).toHaveLength(1);
      expect(problems).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
