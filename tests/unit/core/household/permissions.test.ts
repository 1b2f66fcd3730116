import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type MethodName } from '../../../../shared/contract';
import type { Payment } from '../../../../shared/schemas/payment';
import type { HouseholdRole, User } from '../../../../shared/schemas/user';
import { isCoreError } from '../../../../electron/core/errors';
import { authorize, type AuthorizeSources } from '../../../../electron/core/household/authorize';
import { METHOD_ACTIONS, mayCall } from '../../../../electron/core/household/permissions';

function person(id: string, household: HouseholdRole): User {
  return {
    id,
    displayName: `Person ${id}`,
    email: `${id}@example.com`,
    phone: '+15550100001',
    walletId: `wallet-${id}`,
    walletAddress: `0x${id}`,
    timezone: 'UTC',
    preferences: { defaultCurrency: 'USDC', locale: 'en-US', notificationChannels: ['in_app'] },
    whitelist: [],
    nicknames: {},
    roles: [],
    household,
  };
}

const people = [
  person('owner1', 'owner'),
  person('member1', 'member'),
  person('viewer1', 'viewer'),
];

function sources(actingUserId: string, payments: Pick<Payment, 'id' | 'userId'>[] = []) {
  return {
    users: { find: (id: string) => people.find((user) => user.id === id) },
    settings: { get: () => ({ actingUserId }) },
    payments: { find: (id: string) => payments.find((payment) => payment.id === id) as Payment },
  } satisfies AuthorizeSources;
}

/** The refusal's reason, or 'allowed'. */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'allowed';
  } catch (error) {
    if (!isCoreError(error)) throw error;
    return `${error.code}:${error.reason ?? ''}`;
  }
}

describe('the household permission table', () => {
  const paying: MethodName[] = [
    'commands:run',
    'payments:confirm',
    'payments:cancel',
    'payments:restore',
    'payments:undo',
    'payments:pause',
    'payments:resume',
    'payments:skip',
    'scheduler:tick',
  ];
  const managing: MethodName[] = ['settings:update', 'models:download', 'models:choose'];
  const browsing: MethodName[] = [
    'payments:list',
    'payments:get',
    'transfers:list',
    'transfers:export',
    'balance:get',
    'proposals:get',
    'commands:preview',
  ];

  it('lets an owner call every method', () => {
    expect(METHOD_NAMES.filter((name) => !mayCall('owner', name))).toEqual([]);
  });

  it('lets a member pay and browse, but not change settings or models', () => {
    for (const name of [...paying, ...browsing]) expect(mayCall('member', name), name).toBe(true);
    for (const name of managing) expect(mayCall('member', name), name).toBe(false);
  });

  it('lets a viewer browse the history, and nothing that pays, confirms, cancels or changes settings', () => {
    for (const name of browsing) expect(mayCall('viewer', name), name).toBe(true);
    for (const name of [...paying, ...managing]) expect(mayCall('viewer', name), name).toBe(false);
    // Every method a viewer may call is a read.
    const allowed = METHOD_NAMES.filter((name) => mayCall('viewer', name));
    expect(allowed.every((name) => METHOD_ACTIONS[name] === 'browse')).toBe(true);
  });
});

describe('authorize', () => {
  it('keeps the desktop owner exactly as before: no userId filled in, others may be named', () => {
    const result = authorize(
      sources('owner1'),
      'balance:get',
      { userId: 'member1' },
      {
        kind: 'desktop',
      },
    );
    expect(result.input).toEqual({ userId: 'member1' });
    expect(result.actor).toMatchObject({ userId: 'owner1', role: 'owner', via: 'desktop' });
    expect(authorize(sources('owner1'), 'balance:get', {}, { kind: 'desktop' }).input).toEqual({});
  });

  it('derives the acting user from a personal token and refuses a body naming someone else', () => {
    const caller = { kind: 'personal', userId: 'member1', tokenId: 'tok_1' } as const;
    expect(authorize(sources('owner1'), 'balance:get', {}, caller).input).toEqual({
      userId: 'member1',
    });
    // A list without a userId stays the household's list.
    expect(authorize(sources('owner1'), 'payments:list', {}, caller).input).toEqual({});
    expect(
      outcome(() => authorize(sources('owner1'), 'commands:run', { userId: 'owner1' }, caller)),
    ).toBe('forbidden:other_user');
    // An owner's personal token is held to the same rule.
    const owner = { kind: 'personal', userId: 'owner1', tokenId: 'tok_2' } as const;
    expect(
      outcome(() => authorize(sources('owner1'), 'balance:get', { userId: 'member1' }, owner)),
    ).toBe('forbidden:other_user');
  });

  it("keeps a member to their own payments, and lets an owner act on anyone's", () => {
    const payments = [{ id: 'pay_owner', userId: 'owner1' }];
    const member = { kind: 'personal', userId: 'member1', tokenId: 'tok_1' } as const;
    const owner = { kind: 'personal', userId: 'owner1', tokenId: 'tok_2' } as const;
    for (const name of ['payments:cancel', 'payments:confirm', 'payments:skip'] as const) {
      expect(
        outcome(() => authorize(sources('owner1', payments), name, { id: 'pay_owner' }, member)),
      ).toBe('forbidden:not_your_payment');
    }
    expect(
      outcome(() =>
        authorize(sources('owner1', payments), 'payments:get', { id: 'pay_owner' }, member),
      ),
    ).toBe('allowed');
    const theirs = [{ id: 'pay_member', userId: 'member1' }];
    expect(
      outcome(() =>
        authorize(sources('owner1', theirs), 'payments:cancel', { id: 'pay_member' }, owner),
      ),
    ).toBe('allowed');
  });

  it('refuses a viewer desktop the same as a viewer token', () => {
    const token = { kind: 'personal', userId: 'viewer1', tokenId: 'tok_3' } as const;
    for (const caller of [{ kind: 'desktop' } as const, token]) {
      expect(
        outcome(() => authorize(sources('viewer1'), 'commands:run', { text: 'x' }, caller)),
      ).toBe('forbidden:role_forbids');
      expect(outcome(() => authorize(sources('viewer1'), 'payments:list', {}, caller))).toBe(
        'allowed',
      );
    }
  });

  it('refuses a token whose person has left the household', () => {
    const caller = { kind: 'personal', userId: 'gone', tokenId: 'tok_4' } as const;
    expect(outcome(() => authorize(sources('owner1'), 'payments:list', {}, caller))).toBe(
      'unauthorized:',
    );
  });
});
