import type { z } from 'zod';

/** How a method is reached over REST; `:name` segments fill input fields of that name. */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: `/v1/${string}`;
  /**
   * How a POST carries its input: JSON by default; `audio/wav` sends the recording as a
   * WAV body (input field `wav`) and any other fields in the query string.
   */
  body?: 'json' | 'audio/wav';
  /**
   * How the reply travels: the JSON result envelope by default; `stream` pipes the
   * output's `chunks` (an async iterable made by the core) as they come, for exports.
   */
  response?: 'json' | 'stream';
}

export interface MethodDefinition<
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
> {
  /** One line for docs and the CLI's help. */
  description: string;
  input: Input;
  output: Output;
  rest: RestRoute;
}

export type ContractSection = Record<`${string}:${string}`, MethodDefinition>;

/** Keeps each entry's exact schema types while checking its shape. */
export function defineSection<const Section extends ContractSection>(section: Section): Section {
  return section;
}

/**
 * Merges per-domain sections into one contract. A name defined twice, or a REST route
 * claimed twice, is a programming error caught at start-up and by the unit tests.
 */
export function mergeSections<const Sections extends readonly ContractSection[]>(
  ...sections: Sections
): UnionToIntersection<Sections[number]> {
  const merged: ContractSection = {};
  const routes = new Map<string, string>();
  for (const section of sections) {
    for (const [name, definition] of Object.entries(section) as [
      keyof ContractSection,
      MethodDefinition,
    ][]) {
      if (name in merged) throw new Error(`contract method "${name}" is defined twice`);
      const route = `${definition.rest.method} ${definition.rest.path}`;
      const owner = routes.get(route);
      if (owner) throw new Error(`REST route "${route}" is claimed by "${owner}" and "${name}"`);
      routes.set(route, name);
      merged[name] = definition;
    }
  }
  return merged as UnionToIntersection<Sections[number]>;
}

type UnionToIntersection<Union> = (Union extends unknown ? (value: Union) => void : never) extends (
  value: infer Intersection,
) => void
  ? Intersection
  : never;
