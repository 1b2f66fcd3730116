import { beforeAll, describe, expect, it } from 'vitest';
import { registerIpc } from '../../electron/main/ipc';
import { CALL_CHANNEL } from '../../electron/preload/api';
import { FakeIpcMain } from '../support/fakeIpcMain';
import { withoutUndoWindow } from '../support/moneyCore';
import { useMoneyServer } from '../support/moneyServer';

/**
 * The desktop door (IPC, wired as electron/main does) acts as the configured user, and
 * the core's one permission check refuses it exactly what REST refuses that person's
 * personal token: the same code, the same reason.
 */
const rest = useMoneyServer('household-ipc-token-0123456789');
const ipc = new FakeIpcMain<{ trusted: boolean }>();
const tokens = { member: '', viewer: '' };

/** What the window gets for a call, as the preload would see it. */
async function desktop(name: string, input: Record<string, unknown>) {
  return (await ipc.invoke({ trusted: true }, CALL_CHANNEL, name, input)) as {
    ok: boolean;
    data?: any;
    error?: { code: string; reason?: string };
  };
}

/** The refusal without its message, for comparing the doors. */
function codes(result: { ok: boolean; error?: { code: string; reason?: string } }) {
  return { ok: result.ok, code: result.error?.code, reason: result.error?.reason };
}

beforeAll(async () => {
  await withoutUndoWindow(rest.money);
  registerIpc(ipc, rest.money.core, (event) => event.trusted);
  await rest.money.core.household.setRole('user2', 'member');
  await rest.money.core.household.setRole('user4', 'viewer');
  tokens.member = (await rest.money.core.household.issueToken('user2')).token;
  tokens.viewer = (await rest.money.core.household.issueToken('user4')).token;
});

describe('household roles over IPC', () => {
  it("refuses a member's own large payment's approval at the desktop as over REST", async () => {
    // The desktop now belongs to the member.
    expect((await desktop('settings:update', { actingUserId: 'user2' })).ok).toBe(true);
    const asked = await desktop('commands:run', { text: 'Pay Alice Chen 600 USDC' });
    expect(asked.data.proposal).toMatchObject({
      secondApproval: true,
      askedBy: { userId: 'user2' },
    });
    const paymentId = asked.data.payment.id as string;
    const before = rest.snapshot();
    const overIpc = await desktop('payments:confirm', { id: paymentId });
    const overRest = await rest.as(tokens.member).api(`/v1/payments/${paymentId}/confirm`, {});
    expect(codes(overIpc)).toEqual({ ok: false, code: 'forbidden', reason: 'own_request' });
    expect(codes(overRest.body)).toEqual(codes(overIpc));
    expect(await desktop('settings:update', { undoSeconds: 5 })).toMatchObject({
      error: { code: 'forbidden', reason: 'role_forbids' },
    });
    expect(rest.snapshot()).toEqual(before);
    // The server's own token is the desktop's user too: the member, refused alike.
    expect(codes((await rest.api(`/v1/payments/${paymentId}/confirm`, {})).body)).toEqual(
      codes(overIpc),
    );
  });

  it("refuses a viewer's desktop every paying and settings call, with REST's codes", async () => {
    const owned = await desktop('commands:run', { text: 'Pay Alice Chen 5 USDC' });
    const paymentId = owned.data.payment.id as string;
    // Back to an owner for a moment, to hand the desktop to the viewer.
    await rest.money.core.household.setRole('user2', 'owner');
    expect((await desktop('settings:update', { actingUserId: 'user4' })).ok).toBe(true);
    await rest.money.core.household.setRole('user2', 'member');

    const viewer = rest.as(tokens.viewer);
    const before = rest.snapshot();
    const pairs: [string, Record<string, unknown>, Promise<{ body: any }>][] = [
      [
        'commands:run',
        { text: 'Pay Alice Chen 5 USDC' },
        viewer.api('/v1/commands', { text: 'Pay Alice Chen 5 USDC' }),
      ],
      ['payments:cancel', { id: paymentId }, viewer.api(`/v1/payments/${paymentId}/cancel`, {})],
      ['payments:confirm', { id: paymentId }, viewer.api(`/v1/payments/${paymentId}/confirm`, {})],
      ['scheduler:tick', {}, viewer.api('/v1/scheduler/tick', {})],
      ['settings:update', { undoSeconds: 5 }, viewer.patch('/v1/settings', { undoSeconds: 5 })],
    ];
    for (const [name, input, overRest] of pairs) {
      const overIpc = await desktop(name, input);
      expect(codes(overIpc), name).toEqual({
        ok: false,
        code: 'forbidden',
        reason: 'role_forbids',
      });
      expect(codes((await overRest).body), name).toEqual(codes(overIpc));
    }
    expect(rest.snapshot()).toEqual(before);
    // Browsing still works at the viewer's desktop.
    expect((await desktop('payments:list', {})).ok).toBe(true);
    expect((await desktop('balance:get', {})).data.userId).toBe('user4');
  });
});
