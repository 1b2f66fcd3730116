import type { z } from 'zod';
import { DataProblem, describeIssue } from './corruption';

export type Migrations = Record<number, (data: unknown) => unknown>;

interface VersionedSpec<T> {
  version: number;
  schema: z.ZodType<T>;
  migrations?: Migrations;
}

/**
 * Brings `data` saved at `savedVersion` up to `spec.version` one step at a time and
 * validates the result. Anything that stops that is a DataProblem: a version from the
 * future, a missing or failing step, or data the schema rejects.
 */
export function upgrade<T>(
  data: unknown,
  savedVersion: number,
  spec: VersionedSpec<T>,
  /** How the message names what is being loaded: "it", "line 12". */
  subject: string,
): T {
  if (savedVersion > spec.version) {
    throw new DataProblem(
      `${subject} was saved by a newer version of ArcFlux (format version ${savedVersion}; this version reads up to ${spec.version})`,
      'Open it with the newer ArcFlux that saved it, or restore the file from a backup.',
    );
  }
  let current = data;
  for (let version = savedVersion; version < spec.version; version += 1) {
    const step = spec.migrations?.[version];
    if (!step) {
      throw new DataProblem(
        `${subject} cannot be upgraded from format version ${version} to ${version + 1} by this version of ArcFlux`,
      );
    }
    try {
      current = step(current);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new DataProblem(
        `${subject} could not be upgraded from format version ${version} to ${version + 1} (${why})`,
      );
    }
  }
  const result = spec.schema.safeParse(current);
  if (!result.success) {
    throw new DataProblem(
      `${subject} does not match what ArcFlux expects (${describeIssue(result.error, 'data')})`,
    );
  }
  return result.data;
}

/** Checks a spec once at open, so a typo in code fails loudly instead of as "corrupt data". */
export function assertVersion(version: number, file: string): void {
  if (!Number.isInteger(version) || version < 1) {
    throw new Error(`The store spec for ${file} has version ${version}; versions start at 1.`);
  }
}
