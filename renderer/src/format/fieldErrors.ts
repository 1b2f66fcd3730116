/**
 * Splits the core's invalid-input message into one message per field, keyed by the
 * field's path ("guardian.limits.daily"), so each shows beside its field. The core says
 * `Invalid input for settings:update: "timezone" must be …; "guardian.flagScore" must be ….
 * Correct it and try again; nothing was changed.`; anything it can't place stays in `rest`.
 */
export function splitFieldErrors(message: string): {
  fields: Record<string, string>;
  rest: string;
} {
  const fields: Record<string, string> = {};
  const details = /^Invalid input for [^:]+:[^:]+: (.*?)(?:\. Correct it.*)?$/s.exec(message)?.[1];
  if (details === undefined) return { fields, rest: message };
  const unplaced: string[] = [];
  for (const part of details.split(/; (?=")|; (?=unknown field|the input)/)) {
    const match = /^"([A-Za-z0-9_.]+)" (.+)$/s.exec(part.trim());
    if (match?.[1] && match[2] && !(match[1] in fields)) fields[match[1]] = capitalise(match[2]);
    else unplaced.push(part.trim());
  }
  return { fields, rest: unplaced.length > 0 ? message : '' };
}

function capitalise(text: string): string {
  const trimmed = text.trim().replace(/\.$/, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
}
