import type { ValidationReport } from '../../../shared/contract/system';
import { DATA_FILES } from '../dataFolder';
import { verifyLedgerFiles } from '../store/ledgerStore';
import { GUARDIAN_ENGINE } from '../guardian/guardianAgent';
import type { CoreContext } from '../handlers/types';

type Problem = ValidationReport['problems'][number];

/** How problems name the ledger store (snapshot and log): its records may be in either. */
const LEDGER = 'ledger';

/** Statuses that mean the Guardian let the payment through, so a risk record must exist. */
const GATED_STATUSES = new Set(['scheduled', 'executing', 'executed', 'failed', 'missed']);

/**
 * Checks the data folder: the ledger's files as they are on disk (every row's schema, the
 * snapshot's hash and the log's chain), then what schemas can't see: references between
 * records, and the money-path invariants (a risk record per approved payment, at most one
 * success per occurrence).
 */
export async function validateData(context: CoreContext): Promise<ValidationReport> {
  const problems: Problem[] = [];
  // With the household store, the ledger's chain is the database's audit log.
  const chain = context.executor
    ? await context.executor.verifyChain()
    : await verifyLedgerFiles(context.dataDir);
  for (const broken of chain) {
    problems.push(problem(broken.file, null, broken.message));
  }
  const users = context.users.list();
  const userIds = new Set(users.map((user) => user.id));
  const payments = context.payments.list();
  const paymentIds = new Set(payments.map((payment) => payment.id));
  const assessments = context.journals.riskAssessments.list();
  const assessmentsById = new Map(assessments.map((assessment) => [assessment.id, assessment]));
  const executions = context.journals.executions.list();

  for (const user of users) {
    for (const contact of [...user.whitelist, ...Object.values(user.nicknames)]) {
      if (!userIds.has(contact)) {
        problems.push(problem(DATA_FILES.users, user.id, `refers to unknown user "${contact}"`));
      }
    }
  }
  for (const balance of context.balances.list()) {
    if (!userIds.has(balance.userId)) {
      problems.push(problem(DATA_FILES.balances, balance.userId, 'balance of an unknown user'));
    }
  }
  for (const payment of payments) {
    for (const id of [payment.userId, payment.recipientId]) {
      if (!userIds.has(id)) {
        problems.push(problem(LEDGER, payment.id, `refers to unknown user "${id}"`));
      }
    }
    if (GATED_STATUSES.has(payment.status)) {
      const assessment = payment.riskAssessmentId
        ? assessmentsById.get(payment.riskAssessmentId)
        : undefined;
      if (!assessment) {
        problems.push(
          problem(LEDGER, payment.id, `is ${payment.status} but has no risk assessment`),
        );
      } else if (assessment.outcome !== 'approved') {
        problems.push(
          problem(
            LEDGER,
            payment.id,
            `is ${payment.status} on risk assessment ${assessment.id}, which did not approve it (${assessment.outcome})`,
          ),
        );
      }
    }
  }
  for (const execution of executions) {
    if (!paymentIds.has(execution.paymentId)) {
      problems.push(
        problem(LEDGER, execution.id, `refers to unknown payment "${execution.paymentId}"`),
      );
    }
  }
  problems.push(...checkExecutions(context));
  const actingUser = context.settings.get().actingUserId;
  if (!userIds.has(actingUser)) {
    problems.push(problem(DATA_FILES.settings, null, `acting user "${actingUser}" is unknown`));
  }

  return {
    ok: problems.length === 0,
    checked: {
      users: users.length,
      balances: context.balances.list().length,
      payments: payments.length,
      riskAssessments: assessments.length,
      executions: executions.length,
      notifications: context.journals.notifications.list().length,
    },
    problems,
  };
}

/**
 * The journal against the ledger: every execution stands on an approving risk record,
 * every payment the ledger calls executed or failed has its journal entries, no skipped
 * occurrence was also submitted, and no occurrence succeeded twice in the journal's whole history (not just its latest state).
 */
function checkExecutions(context: CoreContext): Problem[] {
  const problems: Problem[] = [];
  const assessments = context.journals.riskAssessments;
  const byPayment = new Set<string>();
  const successLines = new Map<string, number>();
  const skipped = new Set<string>();
  const submitted = new Set<string>();
  for (const entry of context.journals.executions.entries()) {
    const occurrence = `${entry.paymentId}@${entry.occurrenceAt}`;
    // A skipped run moved no money: it needs no approval and proves no execution.
    if (entry.status === 'skipped') {
      skipped.add(occurrence);
      continue;
    }
    byPayment.add(entry.paymentId);
    submitted.add(occurrence);
    if (entry.status !== 'succeeded') continue;
    successLines.set(occurrence, (successLines.get(occurrence) ?? 0) + 1);
  }
  for (const [occurrence, count] of successLines) {
    if (count > 1) {
      problems.push(problem(LEDGER, occurrence, `executed ${count} times`));
    }
  }
  for (const occurrence of skipped) {
    if (submitted.has(occurrence)) {
      problems.push(problem(LEDGER, occurrence, 'was both skipped and submitted for payment'));
    }
  }
  for (const paymentId of byPayment) {
    const payment = context.payments.find(paymentId);
    const assessment = payment?.riskAssessmentId
      ? assessments.find(payment.riskAssessmentId)
      : undefined;
    if (payment && assessment?.outcome !== 'approved') {
      problems.push(
        problem(LEDGER, paymentId, 'was executed without an approving risk assessment'),
      );
    }
  }
  for (const payment of context.payments.list()) {
    if (
      (payment.status === 'executed' || payment.status === 'failed') &&
      !byPayment.has(payment.id)
    ) {
      // Rows imported from elsewhere carry no journal; only ours would have one.
      if (
        payment.riskAssessmentId &&
        assessments.find(payment.riskAssessmentId)?.engine === GUARDIAN_ENGINE
      ) {
        problems.push(
          problem(
            LEDGER,
            payment.id,
            `is ${payment.status} but the execution journal has no entry for it`,
          ),
        );
      }
    }
  }
  return problems;
}

function problem(file: string, recordId: string | null, message: string): Problem {
  return { file, recordId, message };
}
