import type { z } from 'zod';
import { issueCodeSchema, type Issue, type IssueCode } from '../../../shared/errors';

type RawIssue = z.core.$ZodIssue;
type MessageIssue = z.core.$ZodRawIssue;

/**
 * Parses `input` and, when it is refused, lists EVERY field that needs a change (zod
 * reports them all; nothing here stops at the first), each with our code and a message in
 * our own words. Messages a schema wrote itself ("must be a 24-hour time such as …") are
 * kept; zod's own wording ("Invalid input: expected number, received string") never is.
 */
export function checkInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): { ok: true; data: z.output<Schema> } | { ok: false; issues: Issue[] } {
  // `reportInput` lets an issue say whether anything was given at all ("required").
  const parsed = schema.safeParse(input, { error: plainMessage, reportInput: true });
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, issues: parsed.error.issues.flatMap(toIssues) };
}

/** One line naming every issue, for doors that show only the message (CLI, logs). */
export function summariseIssues(method: string, issues: readonly Issue[]): string {
  const details = issues
    .map((issue) =>
      issue.code === 'unknown_field'
        ? `unknown field "${issue.path.map(String).join('.')}".`
        : `${issue.path.length ? `"${issue.path.map(String).join('.')}"` : 'the input'}: ${issue.message}`,
    )
    .join(' ');
  const count = issues.length === 1 ? '1 value needs' : `${issues.length} values need`;
  return `Invalid input for ${method} (${count} a change): ${details} Correct them and try again; nothing was changed.`;
}

function toIssues(issue: RawIssue): Issue[] {
  const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...path, key],
      code: 'unknown_field',
      message: `There is no field "${key}" here; remove it.`,
    }));
  }
  return [{ path, code: codeOf(issue), message: sentence(issue.message) }];
}

function codeOf(issue: RawIssue): IssueCode {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return issue.expected === 'int' ? 'not_whole_number' : 'wrong_type';
    case 'invalid_format':
      return 'invalid_format';
    case 'invalid_value':
      return 'invalid_choice';
    case 'too_small':
      return 'too_small';
    case 'too_big':
      return 'too_large';
    case 'custom': {
      // A refinement names its own code in `params.code`, when it has one.
      const named = issueCodeSchema.safeParse(issue.params?.code);
      return named.success ? named.data : 'invalid';
    }
    default:
      return 'invalid';
  }
}

/**
 * Our words for what zod found, used only where the schema wrote no message of its own.
 * Each says what to enter, since it is shown beside the field it concerns.
 */
function plainMessage(issue: MessageIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'This is required.';
      return EXPECTED_WORDS[issue.expected] ?? 'This value is of the wrong kind.';
    case 'invalid_value':
      return issue.values.length === 1
        ? `Must be ${JSON.stringify(issue.values[0])}.`
        : `Choose one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}.`;
    case 'too_small':
      return boundMessage(issue.origin, issue.minimum, issue.inclusive, 'small');
    case 'too_big':
      return boundMessage(issue.origin, issue.maximum, issue.inclusive, 'big');
    case 'invalid_format':
      return 'This is not in the expected format.';
    case 'not_multiple_of':
      return `Must be a multiple of ${String(issue.divisor)}.`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return 'This value is not one ArcFlux accepts here.';
    default:
      return 'This value is not valid here.';
  }
}

const EXPECTED_WORDS: Partial<Record<string, string>> = {
  number: 'Enter a number.',
  int: 'Enter a whole number.',
  string: 'Enter text.',
  boolean: 'Must be true or false.',
  array: 'Must be a list.',
  object: 'Must be a group of fields.',
};

function boundMessage(
  origin: string,
  bound: number | bigint | Date,
  inclusive: boolean | undefined,
  side: 'small' | 'big',
): string {
  const value = typeof bound === 'object' ? bound.toISOString() : String(bound);
  if (origin === 'number' || origin === 'int' || origin === 'bigint') {
    if (side === 'small')
      return inclusive ? `Enter ${value} or more.` : `Enter more than ${value}.`;
    return inclusive ? `Enter ${value} or less.` : `Enter less than ${value}.`;
  }
  if (origin === 'string') {
    if (side === 'small')
      return value === '1' ? 'Enter a value.' : `Use at least ${value} characters.`;
    return `Use at most ${value} characters.`;
  }
  if (origin === 'array' || origin === 'set') {
    return side === 'small' ? `Give at least ${value}.` : `Give at most ${value}.`;
  }
  return side === 'small' ? `Use at least ${value}.` : `Use at most ${value}.`;
}

/** Schema messages are written as "must be …" to follow a field's name; alone they need a capital. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}`;
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
