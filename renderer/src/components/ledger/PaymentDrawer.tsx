import { useId, type ReactNode } from 'react';
import { formatInstant } from '../../../../shared/format';
import { formatAmount } from '../../../../shared/money';
import type { Execution } from '../../../../shared/schemas/execution';
import type { RiskAssessment } from '../../../../shared/schemas/risk';
import { OUTCOME_DISPLAY } from '../../format/risk';
import { SKIP_REASON_DISPLAY } from '../../format/status';
import { describeSchedule } from '../../format/schedule';
import { useAppStore } from '../../store/appStore';
import type { LedgerDetail, PaymentDetail } from '../../store/ledgerSlice';
import { Modal } from '../dialogs/Modal';
import { ErrorNotice } from '../ErrorNotice';
import { RiskRules } from '../RiskRules';
import { StatusBadge } from '../StatusBadge';
import { VerificationBadge } from '../VerificationBadge';

/** One payment in full: its fields, every execution attempt, and the Guardian's record. */
export function PaymentDrawer() {
  const detail = useAppStore((state) => state.ledgerDetail);
  if (!detail) return null;
  return <DrawerContent detail={detail} />;
}

function DrawerContent({ detail }: { detail: LedgerDetail }) {
  const closePaymentDetail = useAppStore((state) => state.closePaymentDetail);
  const openPaymentDetail = useAppStore((state) => state.openPaymentDetail);
  const titleId = useId();
  return (
    <Modal labelledBy={titleId} className="drawer" onEscape={closePaymentDetail}>
      <header className="modal-header">
        <h2 className="modal-title" id={titleId}>
          Payment details
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close details"
          onClick={closePaymentDetail}
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div className="modal-body">
        {detail.data ? (
          <DetailBody data={detail.data} />
        ) : detail.status === 'error' && detail.error ? (
          <ErrorNotice
            title="This payment couldn't be loaded"
            error={detail.error}
            onRetry={() => void openPaymentDetail(detail.paymentId)}
          />
        ) : (
          <div className="drawer-skeleton" aria-busy="true">
            <p className="visually-hidden" role="status">
              Loading the payment…
            </p>
            <span className="skeleton skeleton--amount" />
            <span className="skeleton skeleton--line" />
            <span className="skeleton skeleton--line" />
          </div>
        )}
      </div>
    </Modal>
  );
}

function DetailBody({ data }: { data: PaymentDetail }) {
  const { payment, executions, riskAssessment } = data;
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  const name = useAppStore((state) => state.userNames[payment.recipientId] ?? payment.recipientId);
  const executionsId = useId();
  const riskId = useId();
  return (
    <>
      <div className="drawer-summary">
        <p className="confirm-amount">
          <data value={payment.amount}>{formatAmount(payment.amount)}</data>{' '}
          <span className="confirm-currency">{payment.currency}</span>
        </p>
        <p className="drawer-recipient">
          to <strong>{name}</strong> <StatusBadge status={payment.status} paused={payment.paused} />
        </p>
      </div>
      <dl className="facts">
        <Fact label="Schedule">{describeSchedule(payment.schedule, payment.timezone)}</Fact>
        {payment.nextRunAt ? (
          <Fact label="Next run">
            <time dateTime={payment.nextRunAt}>{formatInstant(payment.nextRunAt, timeZone)}</time>
          </Fact>
        ) : null}
        <Fact label="Created">
          <time dateTime={payment.createdAt}>{formatInstant(payment.createdAt, timeZone)}</time>
        </Fact>
        {payment.memo ? <Fact label="Memo">{payment.memo}</Fact> : null}
        {payment.sourceText ? <Fact label="Command">“{payment.sourceText}”</Fact> : null}
        <Fact label="ID">
          <span className="mono">{payment.id}</span>
        </Fact>
      </dl>

      <section className="modal-section" aria-labelledby={executionsId}>
        <h3 className="modal-section-title" id={executionsId}>
          Executions
        </h3>
        <Executions executions={executions} timeZone={timeZone} labelledBy={executionsId} />
      </section>

      <section className="modal-section" aria-labelledby={riskId}>
        <h3 className="modal-section-title" id={riskId}>
          Risk assessment
        </h3>
        <Assessment assessment={riskAssessment} labelledBy={riskId} />
      </section>
    </>
  );
}

function Executions({
  executions,
  timeZone,
  labelledBy,
}: {
  executions: Execution[];
  timeZone: string;
  labelledBy: string;
}) {
  if (executions.length === 0) {
    return <p className="muted">Nothing has run yet.</p>;
  }
  const tone = {
    started: 'info',
    succeeded: 'success',
    failed: 'danger',
    skipped: 'neutral',
  } as const;
  const label = {
    started: 'Running',
    succeeded: 'Succeeded',
    failed: 'Failed',
    skipped: 'Skipped',
  } as const;
  return (
    <table className="runs-table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">Occurrence</th>
          <th scope="col">Attempt</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {executions.map((execution) => (
          <tr key={execution.id}>
            <td>
              <time dateTime={execution.occurrenceAt}>
                {formatInstant(execution.occurrenceAt, timeZone)}
              </time>
            </td>
            <td>{execution.attempt}</td>
            <td>
              <span className={`badge badge--${tone[execution.status]}`}>
                {label[execution.status]}
              </span>
              {execution.transferId ? (
                <span className="cell-secondary mono">{execution.transferId}</span>
              ) : null}
              {execution.error ? <span className="cell-secondary">{execution.error}</span> : null}
              {execution.skipReason ? (
                <span className="cell-secondary">{SKIP_REASON_DISPLAY[execution.skipReason]}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Assessment({
  assessment,
  labelledBy,
}: {
  assessment: RiskAssessment | null;
  labelledBy: string;
}) {
  if (!assessment) {
    return <p className="muted">No risk record is linked to this payment.</p>;
  }
  const outcome = OUTCOME_DISPLAY[assessment.outcome];
  return (
    <>
      <p className="assessment-summary">
        <span className={`badge badge--${outcome.tone}`}>{outcome.label}</span>
        <span>Score {assessment.score.toFixed(2)}</span>
        <VerificationBadge verification={assessment.verification} />
      </p>
      <RiskRules rules={assessment.rules} labelledBy={labelledBy} />
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
