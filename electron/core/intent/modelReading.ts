import type { Intent, PaymentIntent, ReadingField } from '../../../shared/schemas/intent';
import type { Schedule } from '../../../shared/schemas/schedule';

/**
 * A payment only the model understood, marked so the Guardian asks the user whatever the
 * score. Other kinds pass as they are: they move no money.
 */
export function markModelOnly(intent: Intent, model = 'local language model'): Intent {
  if (intent.kind !== 'payment') return intent;
  return { ...intent, modelReading: { verdict: 'model_only', model: modelOf(intent, model) } };
}

/**
 * The rules' payment, marked with how the model's reading compares. Only a model payment
 * can agree or disagree: a model that saw no payment (or failed) adds nothing.
 */
export function crossChecked(rules: PaymentIntent, model: Intent | undefined): PaymentIntent {
  if (model?.kind !== 'payment') return rules;
  const fields = differingFields(rules, model);
  const name = modelOf(model, 'local language model');
  return {
    ...rules,
    modelReading:
      fields.length === 0
        ? { verdict: 'agree', model: name }
        : { verdict: 'disagree', model: name, fields },
  };
}

/** Where two readings of a payment differ, in a fixed order. */
export function differingFields(left: PaymentIntent, right: PaymentIntent): ReadingField[] {
  const fields: ReadingField[] = [];
  if (left.recipient.userId !== right.recipient.userId || left.recipient.userId === null) {
    fields.push('recipient');
  }
  if (left.amount !== right.amount) fields.push('amount');
  if (left.currency !== right.currency) fields.push('currency');
  if (scheduleKey(left.schedule) !== scheduleKey(right.schedule)) fields.push('schedule');
  return fields;
}

function scheduleKey(schedule: Schedule): string {
  return schedule.kind === 'once'
    ? `once ${schedule.runAt ?? 'when approved'}`
    : `every ${schedule.rrule} from ${schedule.firstRun} in ${schedule.timezone}`;
}

/** The model's own name when its engine put one on the intent. */
function modelOf(intent: PaymentIntent, fallback: string): string {
  return intent.modelReading?.model ?? fallback;
}
