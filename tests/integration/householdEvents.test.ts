import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { EventStream, type StreamedEvent } from '../support/eventStream';
import { withoutUndoWindow } from '../support/moneyCore';
import { useMoneyServer } from '../support/moneyServer';

/**
 * /v1/events with personal tokens: each person's stream carries what the REST reads
 * would show them, by the same rule (household/visibility.ts). Notifications and
 * balances are a person's own; payments are the household's shared history.
 * user1 (the desktop's user) is an owner, user2 and user3 members, user4 a viewer.
 */
const rest = useMoneyServer('household-events-token-0123456789');

const people = {
  owner: { userId: 'user1', token: '' },
  member: { userId: 'user2', token: '' },
  otherMember: { userId: 'user3', token: '' },
  viewer: { userId: 'user4', token: '' },
};
type Person = keyof typeof people;
const streams = {} as Record<Person | 'server', EventStream>;

/** The person an event is about, for the kinds that carry one. */
function userOf(event: StreamedEvent): string | undefined {
  return event.payload.balance?.userId ?? event.payload.notification?.userId;
}
const key = (event: StreamedEvent) => `${event.name} ${JSON.stringify(event.payload)}`;

beforeAll(async () => {
  await withoutUndoWindow(rest.money);
  const { household } = rest.money.core;
  await household.setRole('user2', 'member');
  await household.setRole('user3', 'member');
  await household.setRole('user4', 'viewer');
  for (const person of Object.values(people)) {
    person.token = (await household.issueToken(person.userId)).token;
  }
  streams.server = new EventStream(rest.server.url, rest.token);
  for (const [name, person] of Object.entries(people)) {
    streams[name as Person] = new EventStream(rest.server.url, person.token);
  }
  await Promise.all(Object.values(streams).map((stream) => stream.open()));

  // Each member asks for a payment and confirms it: payment events, notifications for
  // its payer (and for user2, an operator, of what the Guardian flags), and the balance
  // events of the wallets it moves money between.
  for (const [person, amount] of [
    ['member', '5'],
    ['otherMember', '6'],
  ] as const) {
    const member = rest.as(people[person].token);
    const asked = await member.api('/v1/commands', { text: `Pay Bob Martinez ${amount} USDC` });
    expect(asked.body.data.payment.userId).toBe(people[person].userId);
    const paymentId = asked.body.data.payment.id as string;
    expect((await member.api(`/v1/payments/${paymentId}/confirm`, {})).status).toBe(200);
    await eventually(async () => {
      await rest.api('/v1/scheduler/tick', {});
      const read = await member.api(`/v1/payments/${paymentId}`);
      return read.body.data.executions.some((line: any) => line.status === 'succeeded');
    }, `${person}'s payment paid`);
  }
  // A last event every role may read: once a stream has it, it has everything before it.
  expect((await rest.patch('/v1/settings', { timezone: 'Europe/Paris' })).status).toBe(200);
  await eventually(
    () => Object.values(streams).every((stream) => stream.of('settings:changed').length > 0),
    'the settings event on every stream',
  );
});

afterAll(async () => {
  await Promise.all(Object.values(streams).map((stream) => stream.close()));
});

describe('/v1/events with personal tokens', () => {
  it('gives the server token every kind of event that carries a person or a payment', () => {
    const kinds = new Set(streams.server.events.map((event) => event.name));
    for (const name of [
      'payment:changed',
      'notification:created',
      'notification:desktop',
      'balance:changed',
    ] as const) {
      expect(kinds, name).toContain(name);
    }
    const users = new Set(streams.server.events.map(userOf));
    expect([...users].filter(Boolean).sort()).toEqual(['user2', 'user3']);
  });

  it("sends each person their own notifications and balances, and none of anyone else's", () => {
    for (const name of Object.keys(people) as Person[]) {
      const { userId } = people[name];
      const seen = new Set(streams[name].events.map(key));
      for (const event of streams.server.events) {
        const about = userOf(event);
        if (about === undefined) continue;
        // A person's own, and nothing else: an owner's personal token acts as that owner
        // only, as its REST reads do.
        expect(seen.has(key(event)), `${name} and ${key(event)}`).toBe(about === userId);
      }
      for (const event of streams[name].events) {
        const about = userOf(event);
        if (about !== undefined) expect(about, `${name}: ${key(event)}`).toBe(userId);
      }
    }
    // Both members got their own notifications and balance: they were really sent.
    for (const name of ['member', 'otherMember'] as const) {
      for (const kind of [
        'notification:created',
        'notification:desktop',
        'balance:changed',
      ] as const) {
        expect(streams[name].of(kind).length, `${name} ${kind}`).toBeGreaterThan(0);
      }
    }
  });

  it('holds back exactly the person-bound events their REST reads refuse them', async () => {
    for (const name of Object.keys(people) as Person[]) {
      const reader = rest.as(people[name].token);
      for (const event of streams.server.events) {
        const about = userOf(event);
        if (about === undefined) continue;
        const path =
          event.name === 'balance:changed'
            ? `/v1/balance?userId=${about}`
            : `/v1/notifications?userId=${about}`;
        const read = await reader.api(path);
        const seen = streams[name].events.some((mine) => key(mine) === key(event));
        expect(read.status === 200, `${name} reading ${path}`).toBe(seen);
      }
    }
  });

  it('shares payment events as the household shares its history: each one its REST read answers', async () => {
    const payments = streams.server.of('payment:changed').map((payload) => payload.payment.id);
    expect(new Set(payments).size).toBeGreaterThanOrEqual(2);
    for (const name of Object.keys(people) as Person[]) {
      const reader = rest.as(people[name].token);
      const seen = new Set(
        streams[name].of('payment:changed').map((payload) => payload.payment.id),
      );
      for (const id of new Set(payments)) {
        const read = await reader.api(`/v1/payments/${id}`);
        expect(read.status === 200, `${name} reading payment ${id}`).toBe(seen.has(id));
      }
    }
  });
});
