import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../electron/core/errors';
import {
  databaseLost,
  databaseUnavailable,
} from '../../../../../electron/core/store/postgres/databaseErrors';

const redact = (text: string) => text.replaceAll('s3cret', '[redacted]');

/** An error as node-postgres raises it: a message and, for the server's, a SQLSTATE code. */
function driverError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('databaseLost', () => {
  it('says a request the database cut off may or may not have been saved', () => {
    for (const error of [
      driverError('terminating connection due to administrator command', '57P01'),
      driverError('the database system is starting up', '57P03'),
      driverError('connection failure', '08006'),
      driverError('read ECONNRESET', 'ECONNRESET'),
      driverError('Connection terminated unexpectedly'),
      driverError('Client has encountered a connection error and is not queryable'),
    ]) {
      const lost = databaseLost(error);
      expect(lost).toBeInstanceOf(CoreError);
      expect(lost?.code).toBe('unavailable');
      expect(lost?.message).toMatch(/may or may not have been saved/);
      expect(lost?.message).not.toMatch(/nothing was changed/i);
    }
  });

  it('leaves every other error alone', () => {
    expect(databaseLost(driverError('duplicate key value', '23505'))).toBeUndefined();
    expect(databaseLost(driverError('arcflux_head_moved: …', '40001'))).toBeUndefined();
    expect(databaseLost(new CoreError('conflict', 'already confirmed'))).toBeUndefined();
    expect(databaseLost(new TypeError('a bug'))).toBeUndefined();
  });
});

describe('databaseUnavailable', () => {
  it('tells a connection lost while opening as a start-up failure, redacted', () => {
    const lost = databaseLost(driverError('Connection terminated: password s3cret'));
    const error = databaseUnavailable(lost, redact);
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/^ArcFlux could not open the household database: /);
    expect(error.message).not.toMatch(/while ArcFlux was saving/);
    expect(error.message).not.toContain('s3cret');
  });

  it('passes a CoreError of its own through', () => {
    const corrupt = new CoreError('corrupt_data', 'no audit_head row');
    expect(databaseUnavailable(corrupt, redact)).toBe(corrupt);
  });
});
