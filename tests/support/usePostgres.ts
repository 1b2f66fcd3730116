import { afterAll, beforeAll } from 'vitest';
import { postgresUnavailable, startThrowawayPostgres, type ThrowawayPostgres } from './postgres';

/**
 * One throwaway cluster for the calling test file, started before its tests and stopped
 * after them, or nothing (with `unavailable` saying why, printed once) on a machine
 * without PostgreSQL. `freshDatabase` gives each test an empty database of its own.
 */
export function usePostgresCluster(prefix: string): {
  unavailable: string | undefined;
  cluster: () => ThrowawayPostgres;
  freshDatabase: () => Promise<string>;
} {
  const unavailable = postgresUnavailable();
  if (unavailable) console.warn(unavailable);
  let started: ThrowawayPostgres | undefined;
  let databases = 0;
  beforeAll(async () => {
    if (!unavailable) started = await startThrowawayPostgres();
  });
  afterAll(async () => {
    await started?.stop();
  });
  const cluster = () => {
    if (!started) throw new Error('no PostgreSQL cluster');
    return started;
  };
  return {
    unavailable,
    cluster,
    freshDatabase: async () => {
      databases += 1;
      return cluster().createDatabase(`${prefix}_${databases}`);
    },
  };
}
