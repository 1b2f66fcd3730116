import { intentSchema, type Intent } from '../../../shared/schemas/intent';
import { isCancellation, readConfirmation, readManagement, readQueryTopic } from './classify';
import type { ContactDirectory } from './contacts';
import { findHiddenCharacters, hiddenCharacterReason } from './hiddenCharacters';
import { readPayment } from './payment';
import { readCancel, readManage, readQuery } from './requests';
import { parseClockTime } from './schedule/calendar';
import type { ScheduleContext } from './schedule/dates';
import { MAX_COMMAND_LENGTH, sanitizeCommand, TokenStream } from './text';

/** Everything a parse depends on besides the text; fixing it makes the output reproducible. */
export interface IntentContext {
  readonly now: Date;
  /** The user's IANA zone: schedules are said and stored in it. */
  readonly timezone: string;
  readonly directory: ContactDirectory;
  /** "09:00": when a payment said for a day without a time runs. */
  readonly defaultRunTime: string;
}

/**
 * The deterministic parser: text -> one Intent that validates against the contract.
 * It never throws. Hostile or overlong input, and any internal failure, come back as
 * `unknown` with a reason, because a parser that crashes is a parser an attacker can
 * use to skip the checks behind it.
 */
export function parseIntent(text: string, context: IntentContext): Intent {
  try {
    return intentSchema.parse(understand(text, context));
  } catch {
    return {
      kind: 'unknown',
      reason:
        "ArcFlux's command parser failed on this text, so nothing was done. Please rephrase the command.",
    };
  }
}

function understand(text: string, context: IntentContext): Intent {
  if (typeof text !== 'string') return unknown('The command is not text.');
  if (text.length > MAX_COMMAND_LENGTH * 4) return tooLong(text.length);
  const hidden = findHiddenCharacters(text);
  if (hidden.length > 0) return unknown(hiddenCharacterReason(hidden));
  const clean = sanitizeCommand(text);
  if (clean.length > MAX_COMMAND_LENGTH) return tooLong(clean.length);
  if (!/[\p{L}\p{N}]/u.test(clean)) return unknown('The command has no words in it.');

  const stream = new TokenStream(clean);
  const confirmation = readConfirmation(stream);
  if (confirmation) return { kind: confirmation };
  const scheduleContext = scheduleContextOf(context);
  if (isCancellation(stream.view)) return readCancel(stream, context.directory);
  const management = readManagement(stream.view);
  if (management) return readManage(stream, management, context.directory);
  const topic = readQueryTopic(stream.view);
  if (topic) return readQuery(stream, topic, context.directory, scheduleContext);
  const payment = readPayment(stream, context.directory, {
    ...scheduleContext,
    defaultCurrency: context.directory.actingUser.preferences.defaultCurrency,
  });
  return (
    payment ??
    unknown('ArcFlux found no payment, question, cancellation or yes/no answer in this command.')
  );
}

/** When "tomorrow" and "9am" are, for this command. */
export function scheduleContextOf(context: IntentContext): ScheduleContext {
  return {
    now: context.now,
    timezone: context.timezone,
    defaultRunTime: parseClockTime(context.defaultRunTime),
  };
}

function unknown(reason: string): Intent {
  return { kind: 'unknown', reason };
}

/** The intent for a command too long to read, for doors that refuse it before parsing. */
export function tooLong(length: number): Intent {
  return unknown(
    `The command is ${length} characters long; ArcFlux reads commands of up to ${MAX_COMMAND_LENGTH} characters. Say one payment or question at a time.`,
  );
}
