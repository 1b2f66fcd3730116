import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  balanceSchema,
  instantSchema,
  intentSchema,
  paymentSchema,
  timezoneSchema,
  userSchema,
} from '../../../shared';

const seed = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../../data/${file}`, import.meta.url), 'utf8')) as {
    schemaVersion: number;
    data: unknown;
  };

const payment = {
  id: 'pay_1',
  userId: 'user1',
  recipientId: 'user2',
  amount: '120',
  currency: 'USDC',
  schedule: {
    kind: 'recurring',
    rrule: 'FREQ=WEEKLY;BYDAY=FR',
    firstRun: '2026-11-27T14:00:00.000Z',
    timezone: 'America/New_York',
  },
  status: 'scheduled',
  nextRunAt: '2026-11-27T14:00:00.000Z',
  timezone: 'America/New_York',
  missedRunPolicy: 'ask',
  paused: false,
  sourceText: 'Pay User Two 120 USDC every Friday',
  riskAssessmentId: 'risk_1',
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
};

describe('domain schemas', () => {
  it('accept the demo seed', () => {
    const users = z.array(userSchema).parse(seed('users.json').data);
    expect(users.map((user) => user.id)).toEqual([
      'user1',
      'user2',
      'user3',
      'user4',
      'user5',
      'user6',
      'user7',
    ]);
    expect(users[0]).toMatchObject({
      displayName: 'User One',
      timezone: 'America/New_York',
      whitelist: ['user2', 'user3'],
      nicknames: { landlord: 'user3', bakery: 'user5' },
    });
    const balances = z.array(balanceSchema).parse(seed('balances.json').data);
    expect(balances.filter((balance) => balance.userId === 'user1')).toEqual([
      expect.objectContaining({ currency: 'USDC', amount: '5000' }),
      expect.objectContaining({ currency: 'EURC', amount: '1000' }),
    ]);
  });

  it('accept a well-formed payment and reject a float amount', () => {
    expect(paymentSchema.parse(payment)).toEqual(payment);
    expect(paymentSchema.safeParse({ ...payment, amount: 120 }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...payment, status: 'done' }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...payment, extra: true }).success).toBe(false);
  });

  it('store instants in UTC only and zones by IANA name', () => {
    expect(instantSchema.safeParse('2026-11-27T09:00:00Z').success).toBe(true);
    expect(instantSchema.safeParse('2026-11-27T09:00:00-05:00').success).toBe(false);
    expect(timezoneSchema.safeParse('America/New_York').success).toBe(true);
    expect(timezoneSchema.safeParse('Mars/Olympus').success).toBe(false);
  });

  it('model every intent kind', () => {
    expect(intentSchema.parse({ kind: 'confirm' })).toEqual({ kind: 'confirm' });
    expect(
      intentSchema.parse({
        kind: 'payment',
        amount: null,
        currency: 'USDC',
        recipient: { text: 'alex', userId: null, candidates: ['user6', 'user7'] },
        schedule: { kind: 'once', runAt: null },
        problems: ['missing_amount', 'ambiguous_recipient'],
      }),
    ).toMatchObject({ kind: 'payment', problems: ['missing_amount', 'ambiguous_recipient'] });
    expect(intentSchema.safeParse({ kind: 'unknown' }).success).toBe(false);
  });
});
