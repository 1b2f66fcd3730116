import type { ParsedIntent } from '../../../../shared/contract/intents';
import { formatAmount } from '../../../../shared/money';
import type { Intent, PaymentIntent } from '../../../../shared/schemas/intent';
import { followUpQuestions, replaceWords } from '../../format/followUp';
import { describeSchedule } from '../../format/schedule';
import { useAppStore } from '../../store/appStore';
import { SendVerdict } from './SendVerdict';

export const EXAMPLE_COMMANDS = [
  'Pay User Two 120 USDC every Friday',
  'Send Alice 25 EURC tomorrow at 9am',
  "What's my balance?",
];

/**
 * What ArcFlux understood from the text so far, as a card: amount, recipient and schedule
 * in words, or the question it would ask. It keeps its height while it updates, so the
 * page below never jumps.
 */
export function IntentPreview({ onPick }: { onPick(text: string): void }) {
  const draft = useAppStore((state) => state.commandDraft);
  const preview = useAppStore((state) => state.commandPreview);

  if (draft.trim() === '' || preview.status === 'idle') {
    return (
      <div className="preview preview--examples">
        <span className="preview-label" id="command-examples">
          Try
        </span>
        <ul className="example-list" aria-labelledby="command-examples">
          {EXAMPLE_COMMANDS.map((example) => (
            <li key={example}>
              <button type="button" className="chip" onClick={() => onPick(example)}>
                {example}
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const stale = preview.status === 'loading' || preview.text !== draft.trim();
  return (
    <div
      className={stale ? 'preview preview--stale' : 'preview'}
      role="group"
      aria-label="What ArcFlux understood"
      aria-busy={stale}
    >
      {preview.status === 'ready' ? (
        <PreviewCard parsed={preview.parsed} onPick={onPick} />
      ) : preview.status === 'error' ? (
        <p className="preview-problem">{preview.error.message}</p>
      ) : (
        <PreviewSkeleton />
      )}
    </div>
  );
}

function PreviewCard({ parsed, onPick }: { parsed: ParsedIntent; onPick(text: string): void }) {
  const { intent } = parsed;
  if (intent.kind === 'payment') {
    return <PaymentPreview intent={intent} text={parsed.text} onPick={onPick} />;
  }
  return (
    <div className="preview-row">
      <span className={`badge badge--${TONE[intent.kind]}`}>{KIND_LABEL[intent.kind]}</span>
      <p className="preview-text">{describeOther(intent)}</p>
    </div>
  );
}

function PaymentPreview({
  intent,
  text,
  onPick,
}: {
  intent: PaymentIntent;
  text: string;
  onPick(text: string): void;
}) {
  const userNames = useAppStore((state) => state.userNames);
  const verdict = useAppStore((state) => state.commandVerdict);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  const nameOf = (id: string) => userNames[id] ?? id;
  const questions = followUpQuestions(intent, nameOf);
  const recipient = intent.recipient.userId
    ? nameOf(intent.recipient.userId)
    : intent.recipient.text || null;
  const candidates =
    intent.problems.includes('ambiguous_recipient') && intent.recipient.candidates
      ? intent.recipient.candidates
      : [];

  return (
    <>
      <dl className="preview-facts">
        <div className="preview-fact">
          <dt>Amount</dt>
          <dd className={intent.amount ? 'preview-value' : 'preview-value preview-value--missing'}>
            {intent.amount
              ? formatAmount(intent.amount, intent.currency ?? undefined)
              : 'Not said yet'}
          </dd>
        </div>
        <div className="preview-fact">
          <dt>To</dt>
          <dd
            className={
              intent.recipient.userId ? 'preview-value' : 'preview-value preview-value--missing'
            }
          >
            {recipient ?? 'Not said yet'}
          </dd>
        </div>
        <div className="preview-fact preview-fact--wide">
          <dt>When</dt>
          <dd className="preview-value">{describeSchedule(intent.schedule, timeZone)}</dd>
        </div>
        {intent.memo ? (
          <div className="preview-fact">
            <dt>Memo</dt>
            <dd className="preview-value">{intent.memo}</dd>
          </div>
        ) : null}
      </dl>
      {questions.length > 0 ? (
        <div className="follow-up" role="status">
          <QuestionIcon />
          <div>
            {questions.map((question) => (
              <p className="follow-up-question" key={question}>
                {question}
              </p>
            ))}
            {candidates.length > 0 ? (
              <ul className="example-list" aria-label="Matching contacts">
                {candidates.map((id) => (
                  <li key={id}>
                    <button
                      type="button"
                      className="chip"
                      onClick={() => onPick(replaceWords(text, intent.recipient.text, nameOf(id)))}
                    >
                      {nameOf(id)}
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : (
        <SendVerdict verdict={verdict} schedule={intent.schedule} />
      )}
    </>
  );
}

function PreviewSkeleton() {
  return (
    <div className="preview-facts" aria-hidden="true">
      {[0, 1, 2].map((index) => (
        <div className="preview-fact" key={index}>
          <span className="skeleton skeleton--label" />
          <span className="skeleton skeleton--line" />
        </div>
      ))}
    </div>
  );
}

type OtherIntent = Exclude<Intent, PaymentIntent>;

const KIND_LABEL: Record<OtherIntent['kind'], string> = {
  query: 'Question',
  cancel: 'Cancel',
  manage: 'Change a schedule',
  confirm: 'Yes',
  deny: 'No',
  unknown: 'Not understood',
};

const TONE: Record<OtherIntent['kind'], string> = {
  query: 'info',
  cancel: 'warning',
  manage: 'info',
  confirm: 'success',
  deny: 'neutral',
  unknown: 'neutral',
};

const MANAGE_WORDS = {
  pause: 'Pause the payments{whose}.',
  resume: 'Resume the payments{whose}.',
  skip: 'Skip the next payment{whose}.',
} as const;

const TOPICS: Record<string, string> = {
  balance: 'your balance',
  upcoming: 'upcoming payments',
  history: 'your payment history',
  status: 'the status of a payment',
  risk: 'payments the Guardian flagged',
  worth: 'what a balance is worth in the other currency',
  total: 'your balances added up',
};

function describeOther(intent: OtherIntent): string {
  switch (intent.kind) {
    case 'query':
      return `A question about ${TOPICS[intent.topic] ?? intent.topic}. Press Enter for the answer.`;
    case 'cancel':
      return intent.target === 'all'
        ? 'Cancel every scheduled payment.'
        : intent.recipient
          ? `Cancel the payment to ${intent.recipient.text}.`
          : 'Cancel a scheduled payment.';
    case 'manage': {
      const whose = intent.recipient ? ` to ${intent.recipient.text}` : '';
      return MANAGE_WORDS[intent.action].replace('{whose}', whose);
    }
    case 'confirm':
      return 'Confirm the payment waiting for your answer.';
    case 'deny':
      return 'Decline the payment waiting for your answer.';
    case 'unknown':
      return `${intent.reason} Try “Pay User Two 20 USDC every Friday”.`;
  }
}

function QuestionIcon() {
  return (
    <svg className="follow-up-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="8" fill="none" strokeWidth="1.6" />
      <path
        d="M7.8 7.6a2.3 2.3 0 1 1 3.2 2.1c-.6.3-1 .8-1 1.5v.4M10 14.4v.1"
        fill="none"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
    </svg>
  );
}
