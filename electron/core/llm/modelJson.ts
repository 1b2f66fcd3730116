/**
 * The one JSON object in a model's answer, as `unknown` for a schema to check, or
 * undefined when there is none or more than one. Models wrap JSON in prose or code
 * fences; two objects mean the answer is not one reading, so neither is taken.
 */
export function extractJsonObject(text: string): unknown {
  if (text.length > MAX_ANSWER) return undefined;
  const spans = topLevelObjects(text);
  if (spans.length !== 1) return undefined;
  const [span] = spans;
  try {
    return JSON.parse(text.slice(span?.start, span?.end));
  } catch {
    return undefined;
  }
}

// Far more than the few hundred tokens ArcFlux lets a model write.
const MAX_ANSWER = 8000;

/** Each balanced `{...}` outside other objects, with braces inside strings ignored. */
function topLevelObjects(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"' && depth > 0) inString = true;
    else if (character === '{') {
      if (depth === 0) start = index;
      depth += 1;
    } else if (character === '}' && depth > 0) {
      depth -= 1;
      if (depth === 0) spans.push({ start, end: index + 1 });
    }
  }
  return spans;
}
