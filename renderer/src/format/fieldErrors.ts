import type { ErrorBody, Issue } from '../../../shared/errors';

/**
 * Places the core's issues beside the fields they concern, from their structured paths
 * (never from the message's wording). An issue goes to the longest field path that starts
 * its path ("notificationChannels.0" goes to "notificationChannels"); the first issue of a
 * field wins. Issues no field shows, and an error with no issues at all, stay in `rest`.
 */
export function placeIssues(
  error: Pick<ErrorBody, 'message' | 'issues'>,
  fieldPaths: readonly string[],
): { fields: Record<string, string>; rest: string[] } {
  if (!error.issues || error.issues.length === 0) return { fields: {}, rest: [error.message] };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const issue of error.issues) {
    const field = fieldFor(issue, fieldPaths);
    if (field === null) rest.push(describeUnplaced(issue));
    else fields[field] ??= issue.message;
  }
  return { fields, rest };
}

function fieldFor(issue: Issue, fieldPaths: readonly string[]): string | null {
  let best: string[] | null = null;
  for (const candidate of fieldPaths) {
    const parts = candidate.split('.');
    const matches = parts.every((part, index) => String(issue.path[index]) === part);
    if (matches && parts.length <= issue.path.length && parts.length > (best?.length ?? 0)) {
      best = parts;
    }
  }
  return best ? best.join('.') : null;
}

function describeUnplaced(issue: Issue): string {
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
