import { z } from 'zod';

/**
 * Plain words a local language model wrote from facts ArcFlux gave it, kept only after
 * every amount, name and date in them was found in those facts. Shown labelled as the
 * model's; it never changes a decision.
 */
export const modelNarrativeSchema = z
  .object({
    text: z.string().min(1).max(600),
    /** The model that wrote it, for the "written by" label. */
    model: z.string().min(1).max(120),
  })
  .strict();
export type ModelNarrative = z.infer<typeof modelNarrativeSchema>;
