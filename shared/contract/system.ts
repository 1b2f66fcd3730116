import { z } from 'zod';
import { idSchema, instantSchema } from '../schemas/common';
import { defineSection } from './define';

/** Why the core is up but not fully working; each comes with a message saying what to do. */
export const healthProblemCodeSchema = z.enum([
  /** Another process took or removed the data folder's lock: the core refuses every write. */
  'data_lock_lost',
]);

export const healthSchema = z
  .object({
    /** "degraded": the core answers, but `problems` stop some of its work. */
    status: z.enum(['ok', 'degraded']),
    problems: z.array(
      z.object({ code: healthProblemCodeSchema, message: z.string().max(2000) }).strict(),
    ),
    version: z.string(),
    now: instantSchema,
    /** Who this caller acts as: the desktop's user, or a personal token's own person. */
    actingUserId: idSchema,
    connector: z.enum(['simulated', 'circle']),
  })
  .strict();

export const validationProblemSchema = z
  .object({
    /** The data file the problem is in, relative to the data folder. */
    file: z.string(),
    /** The record concerned, when there is one. */
    recordId: z.string().nullable(),
    message: z.string(),
  })
  .strict();

export const validationReportSchema = z
  .object({
    ok: z.boolean(),
    checked: z.record(z.string(), z.number().int().min(0)),
    problems: z.array(validationProblemSchema),
  })
  .strict();
export type ValidationReport = z.infer<typeof validationReportSchema>;

export const systemSection = defineSection({
  /** Liveness plus who and what this core is running as. */
  'system:health': {
    description: 'Report that the core is up, its version, clock and connector.',
    input: z.object({}).strict(),
    output: healthSchema,
    rest: { method: 'GET', path: '/v1/health' },
  },
  /** Schema and consistency check of every file in the data folder. */
  'system:validate': {
    description: 'Check every data file against its schema and the records against each other.',
    input: z.object({}).strict(),
    output: validationReportSchema,
    rest: { method: 'POST', path: '/v1/system/validate' },
  },
});
