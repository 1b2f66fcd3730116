import type { Verification } from '../store/confirmationSlice';

const DISPLAY: Record<Verification, { label: string; tone: string; icon: string }> = {
  verified: { label: 'Verified', tone: 'success', icon: '✓' },
  pending: { label: 'Verification pending', tone: 'warning', icon: '…' },
  unknown: { label: 'Not verified', tone: 'danger', icon: '!' },
};

/** Whether the recipient's wallet is verified; a same-size placeholder while it loads. */
export function VerificationBadge({ verification }: { verification: Verification | null }) {
  if (verification === null) {
    return <span className="badge badge--neutral verification">Checking…</span>;
  }
  const { label, tone, icon } = DISPLAY[verification];
  return (
    <span className={`badge badge--${tone} verification`}>
      <span aria-hidden="true" className="verification-icon">
        {icon}
      </span>
      {label}
    </span>
  );
}
