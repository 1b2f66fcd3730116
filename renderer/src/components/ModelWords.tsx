import type { ModelNarrative } from '../../../shared/schemas/narrative';

/**
 * Words the local language model wrote, always labelled as such: the core checked them
 * against the facts shown beside them, but they are the model's phrasing, not ArcFlux's
 * decision.
 */
export function ModelWords({ narrative }: { narrative: ModelNarrative }) {
  return (
    <figure className="model-words">
      <blockquote className="model-words-text">
        <p>{narrative.text}</p>
      </blockquote>
      <figcaption className="model-words-label">
        Worded by the local model ({narrative.model}) and checked against ArcFlux&apos;s facts. It
        changes nothing.
      </figcaption>
    </figure>
  );
}
