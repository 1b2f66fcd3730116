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

/**
 * `ready` is installed with every file matching a known sha256 (the registry's or the
 * hub's). `installed_unverified` is installed and usable, but some file had no known
 * checksum to match (an install from a folder of a model the registry lists without
 * one), so nothing vouches for its content.
 */
export const modelStateSchema = z.enum([
  'ready',
  'installed_unverified',
  'missing',
  'downloading',
  'paused',
  'broken',
]);
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

/**
 * Which model each task uses, as the user chose it (saved in settings). The LLM is
 * optional: off, the app works with the rules engine alone.
 */
const speechChoiceSchema = z
  .object({ engine: modelEngineSchema, model: z.string().min(1) })
  .strict();
const llmChoiceSchema = z.object({ enabled: z.boolean(), model: z.string().min(1) }).strict();

export const modelChoiceSchema = z
  .object({ speechToText: speechChoiceSchema, llm: llmChoiceSchema })
  .strict();
export type ModelChoiceSetting = z.infer<typeof modelChoiceSchema>;

/** A change to the choice; only the parts given change. */
export const modelChoicePatchSchema = z
  .object({
    speechToText: speechChoiceSchema,
    llm: llmChoiceSchema
      .partial()
      .refine((llm) => llm.enabled !== undefined || llm.model !== undefined, {
        message: 'must give "enabled", "model" or both',
      }),
  })
  .partial()
  .strict()
  .refine((patch) => patch.speechToText !== undefined || patch.llm !== undefined, {
    message: 'must change "speechToText", "llm" or both',
  });
export type ModelChoicePatch = z.infer<typeof modelChoicePatchSchema>;

/** Whether a task can run right now; `off` only for the optional LLM. */
export const engineStateSchema = z.enum(['ready', 'downloading', 'missing', 'broken', 'off']);
export type EngineState = z.infer<typeof engineStateSchema>;

export const engineStatusSchema = z
  .object({
    task: modelTaskSchema,
    engine: modelEngineSchema,
    /** The model the task is set to use (a registry id, or a ggml file for whisper.cpp). */
    model: z.string(),
    state: engineStateSchema,
    /** Why, and what to do about it. */
    reason: z.string(),
  })
  .strict();
export type EngineStatus = z.infer<typeof engineStatusSchema>;

/** One registry model as the model manager shows it. */
export const modelViewSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    task: modelTaskSchema,
    engine: modelEngineSchema,
    licence: z.string(),
    /** Sum of the registry's file sizes; null while some size is only known from the hub. */
    sizeBytes: z.number().int().min(0).nullable(),
    state: modelStateSchema,
    reason: z.string(),
    bytesOnDisk: z.number().int().min(0),
    /** The latest progress while it downloads. */
    progress: downloadProgressSchema.nullable(),
    /** Why the last download or install failed, until the next attempt. */
    error: z.string().nullable(),
    /** The tasks set to use it. */
    usedBy: z.array(modelTaskSchema),
  })
  .strict();
export type ModelView = z.infer<typeof modelViewSchema>;

export const modelsOverviewSchema = z
  .object({
    models: z.array(modelViewSchema),
    /** Bytes used by every model and partial download in the model folder. */
    diskUsageBytes: z.number().int().min(0),
    choice: modelChoiceSchema,
    engines: z.array(engineStatusSchema),
  })
  .strict();
export type ModelsOverview = z.infer<typeof modelsOverviewSchema>;
