import { z } from 'zod';

/** What a local model is for. */
export const modelTaskSchema = z.enum(['speech-to-text', 'text-generation']);

/** Which runtime loads it: transformers.js (ONNX) or whisper.cpp (ggml). */
export const modelEngineSchema = z.enum(['transformers', 'whisper-cpp']);

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex sha256');

/**
 * One file of a model. Size and checksum are null where the registry doesn't know them
 * yet; the download then checks against the hub's own sha256 (its LFS etag) instead.
 */
export const modelFileSchema = z
  .object({
    path: z
      .string()
      .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'must be a relative path without ".."')
      .refine((path) => !path.split('/').includes('..'), 'must not contain ".."'),
    size: z.number().int().min(0).nullable(),
    sha256: sha256Schema.nullable(),
  })
  .strict();

export const modelEntrySchema = z
  .object({
    /** The hub id, e.g. "Xenova/whisper-tiny.en"; also the folder it is stored in. */
    id: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/name"'),
    label: z.string().min(1),
    task: modelTaskSchema,
    engine: modelEngineSchema,
    licence: z.string().min(1),
    revision: z.string().min(1),
    files: z.array(modelFileSchema).min(1),
  })
  .strict();
export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type ModelFile = z.infer<typeof modelFileSchema>;

export const modelStateSchema = z.enum(['ready', 'missing', 'downloading', 'paused', 'broken']);
export type ModelState = z.infer<typeof modelStateSchema>;

export const downloadProgressSchema = z
  .object({
    modelId: z.string(),
    file: z.string(),
    bytesDone: z.number().int().min(0),
    /** Null until the server has said how big the model is. */
    bytesTotal: z.number().int().min(0).nullable(),
    bytesPerSecond: z.number().min(0),
    etaSeconds: z.number().min(0).nullable(),
  })
  .strict();
export type DownloadProgress = z.infer<typeof downloadProgressSchema>;

export const modelStatusSchema = z
  .object({
    id: z.string(),
    state: modelStateSchema,
    /** Why it is in that state, in words a person can act on. */
    reason: z.string(),
    bytesOnDisk: z.number().int().min(0),
  })
  .strict();
export type ModelStatus = z.infer<typeof modelStatusSchema>;
