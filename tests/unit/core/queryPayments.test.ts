import { describe, expect, it } from 'vitest';
import { paymentFilterSchema } from '../../../shared/contract/payments';
import { queryPayments } from '../../../electron/core/ledger/queryPayments';
import { samplePayment } from '../../support/dataFolder';

const names: Record<string, string> = { user2: 'User Two', user5: "Carol's Bakery" };
const ledger = [
  samplePayment('a', { amount: '120', createdAt: '2026-11-03T00:00:00.000Z' }),
  samplePayment('b', {
    amount: '9.5',
    recipientId: 'user5',
    memo: 'croissants',
    createdAt: '2026-11-02T00:00:00.000Z',
  }),
  samplePayment('c', {
    amount: '1000',
    currency: 'EURC',
    status: 'failed',
    createdAt: '2026-11-05T00:00:00.000Z',
  }),
  samplePayment('d', {
    amount: '50',
    status: 'scheduled',
    userId: 'user4',
    createdAt: '2026-11-04T00:00:00.000Z',
  }),
];
const query = (filter: Record<string, unknown>) =>
  queryPayments(ledger, paymentFilterSchema.parse(filter), (id) => names[id] ?? id);
const ids = (filter: Record<string, unknown>) => query(filter).items.map((item) => item.id);

describe('queryPayments', () => {
  it('sorts newest first by default', () => {
    expect(ids({})).toEqual(['c', 'd', 'a', 'b']);
  });

  it('sorts amounts as decimals, not as text or floats', () => {
    expect(ids({ sort: 'amount' })).toEqual(['b', 'd', 'a', 'c']);
    expect(ids({ sort: '-amount' })).toEqual(['c', 'a', 'd', 'b']);
  });

  it('sorts by next run with nothing-left-to-run rows last in both directions', () => {
    const upcoming = [
      samplePayment('x', { nextRunAt: '2026-12-01T14:00:00.000Z', status: 'scheduled' }),
      samplePayment('y'),
      samplePayment('z', { nextRunAt: '2026-11-28T14:00:00.000Z', status: 'scheduled' }),
    ];
    const order = (sort: string) =>
      queryPayments(upcoming, paymentFilterSchema.parse({ sort }), (id) => id).items.map(
        (item) => item.id,
      );
    expect(order('nextRunAt')).toEqual(['z', 'x', 'y']);
    expect(order('-nextRunAt')).toEqual(['x', 'z', 'y']);
  });

  it('filters by status, recipient, currency, user and date range', () => {
    expect(ids({ status: ['failed', 'scheduled'] })).toEqual(['c', 'd']);
    expect(ids({ recipient: 'user5' })).toEqual(['b']);
    expect(ids({ currency: 'EURC' })).toEqual(['c']);
    expect(ids({ userId: 'user4' })).toEqual(['d']);
    expect(ids({ from: '2026-11-03T00:00:00Z', to: '2026-11-05T00:00:00Z' })).toEqual(['d', 'a']);
  });

  it('searches recipient names, memos and commands case-insensitively', () => {
    expect(ids({ q: 'carol' })).toEqual(['b']);
    expect(ids({ q: 'CROISSANT' })).toEqual(['b']);
    expect(ids({ q: '(c)' })).toEqual(['c']);
  });

  it('pages with a stable total', () => {
    const page = query({ limit: 2, offset: 2 });
    expect(page.items.map((item) => item.id)).toEqual(['a', 'b']);
    expect(page).toMatchObject({ total: 4, offset: 2, limit: 2 });
  });
});
