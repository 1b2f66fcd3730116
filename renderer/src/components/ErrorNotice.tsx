import type { ErrorBody } from '../../../shared/errors';

interface ErrorNoticeProps {
  title: string;
  error: ErrorBody;
  onRetry(): void;
  /** Compact: a one-line banner above data that is still shown. */
  compact?: boolean;
}

/** Says what failed, the core's message (what happened and what to do), and offers Retry. */
export function ErrorNotice({ title, error, onRetry, compact = false }: ErrorNoticeProps) {
  return (
    <div className={compact ? 'error-notice error-notice--compact' : 'error-notice'} role="alert">
      <div className="error-notice-text">
        <p className="error-notice-title">{title}</p>
        <p className="error-notice-message">{error.message}</p>
      </div>
      <button type="button" className="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
