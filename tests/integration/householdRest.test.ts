import { beforeAll, describe, expect, it } from 'vitest';
import { withoutUndoWindow } from '../support/moneyCore';
import { useMoneyServer } from '../support/moneyServer';

/**
 * Household roles over REST: personal tokens act as their person, each role's forbidden
 * actions are refused with a reason code (and change nothing), and a member's large
 * payment waits for an owner's approval that its asker can't give, with any token.
 * user1 (the desktop's user) is an owner, user2 a member, user4 a viewer.
 */
const rest = useMoneyServer('household-token-0123456789');
const tokens = { owner: '', member: '', memberAgain: '', viewer: '' };

beforeAll(async () => {
  await withoutUndoWindow(rest.money);
  const { household } = rest.money.core;
  await household.setRole('user2', 'member');
  await household.setRole('user4', 'viewer');
  tokens.owner = (await household.issueToken('user1')).token;
  tokens.member = (await household.issueToken('user2')).token;
  tokens.memberAgain = (await household.issueToken('user2')).token;
  tokens.viewer = (await household.issueToken('user4')).token;
});

const refused = (reason: string) => ({
  status: 403,
  body: { ok: false, error: { code: 'forbidden', reason } },
});

describe('acting user from a personal token', () => {
  it("acts as the token's person, never the desktop's, and refuses naming anyone else", async () => {
    // The seed's users.json predates households: everyone not set up loads as an owner.
    const users = (await rest.api('/v1/users')).body.data as { id: string; household: string }[];
    expect(Object.fromEntries(users.map((user) => [user.id, user.household]))).toMatchObject({
      user1: 'owner',
      user2: 'member',
      user3: 'owner',
      user4: 'viewer',
    });
    const member = rest.as(tokens.member);
    const balance = await member.api('/v1/balance');
    expect(balance.body.data.userId).toBe('user2');
    expect((await member.api('/v1/health')).body.data.actingUserId).toBe('user2');
    expect((await rest.api('/v1/health')).body.data.actingUserId).toBe('user1');

    const command = await member.api('/v1/commands', { text: 'Pay Alice Chen 5 USDC' });
    expect(command.status).toBe(200);
    expect(command.body.data.payment.userId).toBe('user2');
    expect(command.body.data.proposal.askedBy).toEqual({ userId: 'user2', name: 'User Two' });

    const before = rest.snapshot();
    expect(await member.api('/v1/balance?userId=user1')).toMatchObject(refused('other_user'));
    expect(
      await member.api('/v1/commands', { text: 'Pay Alice Chen 5 USDC', userId: 'user1' }),
    ).toMatchObject(refused('other_user'));
    // Even an owner's personal token acts only as that owner.
    expect(
      await rest
        .as(tokens.owner)
        .api('/v1/commands', { text: 'Pay Alice Chen 5', userId: 'user2' }),
    ).toMatchObject(refused('other_user'));
    expect(rest.snapshot()).toEqual(before);

    // The server's own token keeps today's behaviour: the desktop's user, who may name others.
    expect((await rest.api('/v1/balance')).body.data.userId).toBe('user1');
    expect((await rest.api('/v1/balance?userId=user2')).body.data.userId).toBe('user2');
  });

  it('refuses an unknown or revoked token as not signed in', async () => {
    const issued = await rest.money.core.household.issueToken('user3');
    expect((await rest.as(issued.token).api('/v1/balance')).status).toBe(200);
    await rest.money.core.household.revokeTokens('user3');
    expect(await rest.as(issued.token).api('/v1/balance')).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized', reason: 'not_signed_in' } },
    });
  });
});

describe("each role's forbidden actions", () => {
  it('lets a viewer browse the history but not pay, confirm, cancel, tick or change settings', async () => {
    const owned = await rest.api('/v1/commands', { text: 'Pay User Two 7 USDC every Friday' });
    const paymentId = owned.body.data.payment.id as string;
    const viewer = rest.as(tokens.viewer);
    for (const path of [
      '/v1/payments',
      `/v1/payments/${paymentId}`,
      `/v1/payments/${paymentId}/proposal`,
      '/v1/transfers',
      '/v1/balance',
      '/v1/users',
      '/v1/settings',
    ]) {
      expect((await viewer.api(path)).status, path).toBe(200);
    }
    const before = rest.snapshot();
    const attempts = [
      viewer.api('/v1/commands', { text: 'Pay Alice Chen 5 USDC' }),
      viewer.api(`/v1/payments/${paymentId}/confirm`, {}),
      viewer.api(`/v1/payments/${paymentId}/cancel`, {}),
      viewer.api(`/v1/payments/${paymentId}/pause`, {}),
      viewer.api(`/v1/payments/${paymentId}/skip`, {}),
      viewer.api('/v1/scheduler/tick', {}),
      viewer.patch('/v1/settings', { undoSeconds: 30 }),
      viewer.api('/v1/models/download', { id: 'whisper-tiny' }),
    ];
    for (const attempt of await Promise.all(attempts)) {
      expect(attempt).toMatchObject(refused('role_forbids'));
    }
    expect(rest.snapshot()).toEqual(before);
  });

  it("keeps a member to their own payments and away from the household's settings", async () => {
    const owned = await rest.api('/v1/commands', { text: 'Pay User Two 9 USDC every Monday' });
    const paymentId = owned.body.data.payment.id as string;
    const member = rest.as(tokens.member);
    const before = rest.snapshot();
    expect(await member.api(`/v1/payments/${paymentId}/confirm`, {})).toMatchObject(
      refused('not_your_payment'),
    );
    expect(await member.api(`/v1/payments/${paymentId}/cancel`, {})).toMatchObject(
      refused('not_your_payment'),
    );
    expect(await member.patch('/v1/settings', { undoSeconds: 30 })).toMatchObject(
      refused('role_forbids'),
    );
    expect(rest.snapshot()).toEqual(before);
    // Reading it is fine: the household shares its history.
    expect((await member.api(`/v1/payments/${paymentId}`)).status).toBe(200);
  });
});

describe('two-person rule', () => {
  it("records an owner's refusal with its author, and lets a member confirm their own small payment", async () => {
    const member = rest.as(tokens.member);
    const large = await member.api('/v1/commands', { text: 'Pay Alice Chen 550 USDC' });
    const largeId = large.body.data.payment.id as string;
    const refusedByOwner = await rest.as(tokens.owner).api(`/v1/payments/${largeId}/cancel`, {});
    expect(refusedByOwner.status).toBe(200);
    const proposal = await rest.api(`/v1/payments/${largeId}/proposal`);
    expect(proposal.body.data.proposal).toMatchObject({
      status: 'cancelled',
      decidedBy: { userId: 'user1', name: 'User One' },
    });

    const small = await member.api('/v1/commands', { text: 'Pay Alice Chen 20 USDC' });
    expect(small.body.data.proposal.secondApproval).toBe(false);
    const confirmed = await member.api(`/v1/payments/${small.body.data.payment.id}/confirm`, {});
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data.proposal.decidedBy).toEqual({ userId: 'user2', name: 'User Two' });
  });

  it("holds a member's payment above the threshold until an owner approves; the asker can't, with either token", async () => {
    const member = rest.as(tokens.member);
    const command = await member.api('/v1/commands', { text: 'Pay Alice Chen 600 USDC' });
    expect(command.status).toBe(200);
    const { payment, proposal, decision } = command.body.data;
    expect(decision.outcome).toBe('needs_confirmation');
    expect(decision.rules).toContainEqual(
      expect.objectContaining({
        name: 'second_person_approval',
        kind: 'household',
        figures: { currency: 'USDC', amount: '600', limit: '500' },
      }),
    );
    expect(proposal).toMatchObject({
      secondApproval: true,
      askedBy: { userId: 'user2', name: 'User Two' },
      decidedBy: null,
    });

    const before = rest.snapshot();
    for (const token of [tokens.member, tokens.memberAgain]) {
      expect(await rest.as(token).api(`/v1/payments/${payment.id}/confirm`, {})).toMatchObject(
        refused('own_request'),
      );
    }
    // "yes" typed by the asker is the same yes, refused the same way.
    expect(await member.api('/v1/commands', { text: 'yes' })).toMatchObject(refused('own_request'));
    expect(
      await rest.as(tokens.viewer).api(`/v1/payments/${payment.id}/confirm`, {}),
    ).toMatchObject(refused('role_forbids'));
    expect(rest.snapshot()).toEqual(before);

    // Nothing runs before the approval.
    await rest.api('/v1/scheduler/tick', {});
    const waiting = await rest.api(`/v1/payments/${payment.id}`);
    expect(waiting.body.data.payment.status).toBe('pending_confirmation');
    expect(waiting.body.data.executions).toEqual([]);

    const approved = await rest.as(tokens.owner).api(`/v1/payments/${payment.id}/confirm`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.data.proposal).toMatchObject({
      status: 'confirmed',
      askedBy: { userId: 'user2', name: 'User Two' },
      decidedBy: { userId: 'user1', name: 'User One' },
    });
    await rest.api('/v1/scheduler/tick', {});
    await rest.api('/v1/scheduler/tick', {});
    const paid = await rest.api(`/v1/payments/${payment.id}`);
    expect(paid.body.data.payment.status).toBe('executed');
    expect(
      paid.body.data.executions.filter((line: { status: string }) => line.status === 'succeeded'),
    ).toHaveLength(1);
    // The approval is in the risk record with its author.
    expect(paid.body.data.riskAssessment.rules).toContainEqual(
      expect.objectContaining({ name: 'approved_by_second_person', kind: 'household' }),
    );
    expect(paid.body.data.riskAssessment.rules).toContainEqual(
      expect.objectContaining({
        name: 'confirmed_by_user',
        explanation: expect.stringContaining('User One'),
      }),
    );
  });
});
