import { useAppStore } from '../../store/appStore';
import { csvFileName, paymentsToCsv } from '../../format/csv';
import { dayInZone } from '../../format/zonedTime';

/**
 * Exports every payment matching the current filters (not only the rows on screen), page
 * by page from the core, as a CSV file download.
 */
export function ExportCsvButton() {
  const progress = useAppStore((state) => state.ledgerExport);
  const total = useAppStore((state) => state.paymentsTotal);
  const ready = useAppStore((state) => state.ledgerStatus === 'ready');
  const fetchLedgerForExport = useAppStore((state) => state.fetchLedgerForExport);
  const userNames = useAppStore((state) => state.userNames);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  const pushToast = useAppStore((state) => state.pushToast);

  const exportCsv = async () => {
    const result = await fetchLedgerForExport();
    if (!result.ok) {
      pushToast({
        tone: 'danger',
        title: "The CSV couldn't be exported",
        body: result.error.message,
      });
      return;
    }
    const csv = paymentsToCsv(result.payments, userNames);
    download(csv, csvFileName(dayInZone(Date.now(), timeZone)));
    pushToast({
      tone: 'success',
      title: 'CSV exported',
      body: `${result.payments.length} ${result.payments.length === 1 ? 'payment' : 'payments'} saved.`,
    });
  };

  return (
    <button
      type="button"
      className="button button--secondary button--small"
      disabled={!ready || total === 0 || progress !== null}
      onClick={() => void exportCsv()}
    >
      <DownloadIcon />
      {progress
        ? `Exporting ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')}…`
        : 'Export CSV'}
    </button>
  );
}

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has read the blob once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function DownloadIcon() {
  return (
    <svg className="button-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path
        d="M10 3v9m0 0l-3.5-3.5M10 12l3.5-3.5M4 15.5h12"
        fill="none"
        strokeWidth="1.7"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
