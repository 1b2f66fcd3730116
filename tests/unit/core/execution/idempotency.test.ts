import { describe, expect, it } from 'vitest';
import {
  executionIdFor,
  idempotencyUuid,
  occurrenceKey,
} from '../../../../electron/core/execution/idempotency';

describe('idempotency keys', () => {
  it('derive the occurrence key from the payment id and the occurrence instant only', () => {
    const key = occurrenceKey('pay_1', '2026-11-06T14:00:00Z');
    expect(key).toBe('pay_1@2026-11-06T14:00:00.000Z');
    // The same instant written differently is the same occurrence.
    expect(occurrenceKey('pay_1', '2026-11-06T09:00:00-05:00')).toBe(key);
    expect(occurrenceKey('pay_1', '2026-11-13T14:00:00Z')).not.toBe(key);
    expect(occurrenceKey('pay_2', '2026-11-06T14:00:00Z')).not.toBe(key);
  });

  it('give every attempt of an occurrence one execution id', () => {
    const key = occurrenceKey('pay_1', '2026-11-06T14:00:00Z');
    expect(executionIdFor(key)).toBe(executionIdFor(key));
    expect(executionIdFor(key)).toMatch(/^exe_[0-9a-f]{40}$/);
    expect(executionIdFor(occurrenceKey('pay_1', '2026-11-13T14:00:00Z'))).not.toBe(
      executionIdFor(key),
    );
  });

  it('turn the key into a deterministic UUID in the version-4 form Circle requires', () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const key = occurrenceKey('pay_1', '2026-11-06T14:00:00Z');
    const uuid = idempotencyUuid(key);
    expect(uuid).toMatch(v4);
    // The same occurrence, however its instant is written, is the same key to Circle.
    expect(idempotencyUuid(occurrenceKey('pay_1', '2026-11-06T09:00:00-05:00'))).toBe(uuid);
    // Any other occurrence (another run, another payment) is another key.
    const others = [
      occurrenceKey('pay_1', '2026-11-13T14:00:00Z'),
      occurrenceKey('pay_2', '2026-11-06T14:00:00Z'),
      `${key}x`,
    ].map((other) => idempotencyUuid(other));
    for (const other of others) {
      expect(other).toMatch(v4);
      expect(other).not.toBe(uuid);
    }
    // Every key, not just these, has the form: the bits are set, not hoped for.
    for (let index = 0; index < 200; index += 1) {
      expect(idempotencyUuid(occurrenceKey(`pay_${index}`, '2026-11-06T14:00:00Z'))).toMatch(v4);
    }
    // Pinned: the mapping must never change again, or a resubmission after an upgrade
    // would be a new transfer to Circle.
    expect(idempotencyUuid('pay_fixed@2026-01-01T00:00:00.000Z')).toBe(
      '2a50905a-9753-4390-8f79-31c9bc40fd62',
    );
  });

  it('still give the old version-5 form, unchanged, for runs first sent in it', () => {
    // The value ArcFlux sent before the version-4 change: a run still in doubt from then
    // must be resubmitted with exactly this key.
    expect(idempotencyUuid('pay_fixed@2026-01-01T00:00:00.000Z', 5)).toBe(
      '2a50905a-9753-5390-8f79-31c9bc40fd62',
    );
  });
});
