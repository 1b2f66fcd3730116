import type { ExecutionFailure, Execution } from '../../../shared/schemas/execution';
import type { Payment } from '../../../shared/schemas/payment';
import { toInstant, type Clock } from '../clock';
import type { PaymentConnector, TransferOutcome } from '../connectors/connector';
import type { ExecutionJournal } from '../indexes/ledgerIndexes';
import type { UsersRepository } from '../repositories/users';
import { forEachConcurrently } from './concurrency';
import { executionIdFor, occurrenceKey } from './idempotency';
import type { JournalView } from './journalView';
import { withRetries, type RetryPolicy, type Sleep } from './retry';

/** One occurrence to pay. */
export interface Submission {
  payment: Payment;
  occurrenceAt: string;
}

/** One occurrence the tick's re-check refused before any money could move. */
export interface Refusal extends Submission {
  failure: ExecutionFailure;
  message: string;
}

/**
 * How an executor that shares its database with others takes occurrences for itself
 * (store/postgres/executorClaims.ts). Without it, the engine is the only executor and
 * journals every line it makes.
 */
export interface StartClaims {
  /**
   * Journals, in one commit, the lines of occurrences this executor may act on now and
   * returns them; lines of occurrences another executor holds or has moved on are dropped.
   */
  claim(lines: readonly Execution[]): Promise<Execution[]>;
  /** The occurrence's result is journaled: others may act on it again. */
  release(executionId: string): Promise<void>;
}

export interface ExecutionEngineOptions {
  journal: Pick<ExecutionJournal, 'record'>;
  view: JournalView;
  connector: PaymentConnector;
  users: UsersRepository;
  clock: Clock;
  sleep: Sleep;
  retry: RetryPolicy;
  /** How many transfers run at once; the simulated network batches any number. */
  concurrency: number;
  /** Test seam: called once the `started` lines are durable, before any transfer. */
  pause?: (point: 'after_started') => Promise<void>;
  /** Set when other executors share the journal: lines are claimed, not just recorded. */
  claims?: StartClaims;
}

/**
 * Pays occurrences exactly once. Before the connector is called, a `started` line for
 * every occurrence of the batch (and the tick's refusals and skips) is appended and
 * fsync'd together; each result is appended after. The key is the occurrence's, so a
 * retry, a second tick or a crash recovery that resubmits a `started` occurrence gets
 * the original outcome back from the connector. An occurrence whose outcome stays
 * unknown (timeouts) keeps its `started` state and is resubmitted by later ticks, up to a
 * ceiling after which it is recorded as failed. A skipped occurrence is never submitted.
 */
export class ExecutionEngine {
  constructor(private readonly options: ExecutionEngineOptions) {}

  /**
   * Submits the occurrences, records the refusals and the `skipped` lines given (made by
   * skippedLines), and returns each submitted or refused one's latest line. A skipped
   * occurrence, in the journal or among `skipped`, is never submitted.
   */
  async run(
    submissions: readonly Submission[],
    refusals: readonly Refusal[],
    skipped: readonly Execution[] = [],
  ): Promise<Execution[]> {
    const { view, journal, clock } = this.options;
    const now = toInstant(clock.now());
    const skippedNow = new Set(skipped.map((line) => line.id));
    const unknown = ({ payment, occurrenceAt }: Submission) => {
      const id = executionIdFor(occurrenceKey(payment.id, occurrenceAt));
      return !skippedNow.has(id) && view.get(id) === undefined;
    };
    const toSubmit = dedupe(submissions).filter((submission) => {
      const { payment, occurrenceAt } = submission;
      const known = view.get(executionIdFor(occurrenceKey(payment.id, occurrenceAt)));
      return known === undefined ? unknown(submission) : known.status === 'started';
    });
    const refused = dedupe(refusals).filter(unknown);
    const startedAll = toSubmit.map((submission) => this.#startedLine(submission, now));
    const refusedAll = refused.map((refusal) =>
      this.#resultLine(this.#startedLine(refusal, now), 0, {
        status: 'failed',
        failure: refusal.failure,
        message: refusal.message,
      }),
    );
    // One append, one fsync: the group commit that makes a busy tick cheap.
    const lines = [...startedAll, ...refusedAll, ...skipped];
    const { claims } = this.options;
    let held = (_line: Execution) => true;
    if (claims) {
      const mine = new Set((await claims.claim(lines)).map((line) => line.id));
      held = (line) => mine.has(line.id);
    } else {
      await journal.record(lines);
    }
    await this.options.pause?.('after_started');
    const finished: Execution[] = refusedAll.filter(held);
    const jobs = startedAll
      .map((line, index) => ({ line, submission: toSubmit[index] as Submission }))
      .filter(({ line }) => held(line));
    await forEachConcurrently(jobs, this.options.concurrency, async ({ line, submission }) => {
      finished.push(await this.#submit(line, submission.payment));
    });
    return finished;
  }

  #startedLine({ payment, occurrenceAt }: Submission, now: string): Execution {
    const key = occurrenceKey(payment.id, occurrenceAt);
    const id = executionIdFor(key);
    const previous = this.options.view.get(id);
    return {
      id,
      paymentId: payment.id,
      occurrenceAt: new Date(occurrenceAt).toISOString(),
      idempotencyKey: key,
      attempt: (previous?.attempt ?? 0) + 1,
      status: 'started',
      // A resubmission sends exactly what was first submitted.
      amount: previous?.amount ?? payment.amount,
      currency: previous?.currency ?? payment.currency,
      startedAt: previous?.startedAt ?? now,
      finishedAt: null,
      transferId: null,
      error: null,
      // A resubmission keeps the key's form: a line from before version 4 has none.
      ...(previous && previous.uuidVersion === undefined ? {} : { uuidVersion: 4 as const }),
    };
  }

  async #submit(started: Execution, payment: Payment): Promise<Execution> {
    const { connector, users, retry, sleep, journal } = this.options;
    const recipient = users.find(payment.recipientId);
    let line: Execution;
    if (!recipient) {
      line = this.#resultLine(started, 0, {
        status: 'failed',
        failure: 'rejected',
        message: `The recipient "${payment.recipientId}" is no longer in the directory, so nothing was sent.`,
      });
    } else {
      const result = await withRetries<TransferOutcome>(
        () =>
          connector.transfer({
            idempotencyKey: started.idempotencyKey,
            uuidVersion: started.uuidVersion ?? 5,
            payerId: payment.userId,
            recipient,
            amount: started.amount,
            currency: started.currency,
          }),
        retry,
        sleep,
        // Outcomes come back as values; anything thrown leaves the outcome unknown, and
        // asking again with the same key is always safe.
        () => true,
      );
      line = result.ok
        ? this.#resultLine(started, result.tries - 1, outcomeToResult(result.value))
        : this.#unknownOutcome(started, result.tries, result.error);
    }
    await journal.record(line);
    if (line.status !== 'started') await this.options.claims?.release(line.id);
    return line;
  }

  /** After the tries of this tick: still unknown (`started`), or failed past the ceiling. */
  #unknownOutcome(started: Execution, tries: number, error: unknown): Execution {
    const attempt = started.attempt + tries - 1;
    const reason = error instanceof Error ? error.message : 'unknown error';
    if (attempt >= this.options.retry.attempts * IN_DOUBT_TICKS) {
      return this.#resultLine(started, tries - 1, {
        status: 'failed',
        failure: 'unavailable',
        message: `The payment service did not answer after ${attempt} tries (${reason}). ArcFlux stopped trying; check the balance before paying again.`,
      });
    }
    return { ...started, attempt, error: truncate(`Outcome not known yet: ${reason}`) };
  }

  #resultLine(
    started: Execution,
    extraTries: number,
    result:
      | { status: 'succeeded'; transferId: string }
      | { status: 'failed'; failure: ExecutionFailure; message: string },
  ): Execution {
    const base = {
      ...started,
      attempt: started.attempt + extraTries,
      finishedAt: toInstant(this.options.clock.now()),
    };
    return result.status === 'succeeded'
      ? { ...base, status: 'succeeded', transferId: result.transferId, error: null }
      : {
          ...base,
          status: 'failed',
          error: truncate(result.message),
          failure: result.failure,
        };
  }
}

/** How many ticks an unknown outcome is retried before it is recorded as failed. */
export const IN_DOUBT_TICKS = 3;

function outcomeToResult(outcome: TransferOutcome) {
  return outcome.status === 'succeeded'
    ? ({ status: 'succeeded', transferId: outcome.transferId } as const)
    : ({ status: 'failed', failure: outcome.failure, message: outcome.message } as const);
}

/** The same occurrence listed twice (recovery and due) is submitted once. */
function dedupe<T extends Submission>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter(({ payment, occurrenceAt }) => {
    const key = occurrenceKey(payment.id, occurrenceAt);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function truncate(text: string): string {
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
