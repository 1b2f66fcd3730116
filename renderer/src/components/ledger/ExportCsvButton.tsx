import { useAppStore } from '../../store/appStore';
import { csvFileName, paymentsToCsv } from '../../format/csv';
import { dayInZone } from '../../format/zonedTime';

/**
 * Exports every row matching the current filters (not only the rows on screen) as a CSV
 * download. In browser mode the core streams the transfers and a progress bar counts the
 * records as they arrive; the desktop window, whose door cannot carry a stream yet,
 * exports the payments page by page as before.
 */
export function ExportCsvButton() {
  const progress = useAppStore((state) => state.ledgerExport);
  const total = useAppStore((state) => state.ledgerTotal);
  const ready = useAppStore((state) => state.ledgerStatus === 'ready');
  const streams = useAppStore((state) => state.canStreamExports);
  const downloadTransfers = useAppStore((state) => state.downloadTransfers);
  const fetchLedgerForExport = useAppStore((state) => state.fetchLedgerForExport);
  const userNames = useAppStore((state) => state.userNames);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  const pushToast = useAppStore((state) => state.pushToast);

  const failed = (message: string) =>
    pushToast({ tone: 'danger', title: "The CSV couldn't be exported", body: message });

  const exportCsv = async () => {
    if (streams) {
      const result = await downloadTransfers();
      if (!result.ok) return failed(result.error.message);
      download(result.data.file, result.data.fileName);
      const count = result.data.records;
      pushToast({
        tone: 'success',
        title: 'CSV exported',
        body: `${count.toLocaleString('en-US')} ${count === 1 ? 'transfer' : 'transfers'} saved.`,
      });
      return;
    }
    const result = await fetchLedgerForExport();
    if (!result.ok) return failed(result.error.message);
    const csv = paymentsToCsv(result.payments, userNames);
    download(
      new Blob([csv], { type: 'text/csv;charset=utf-8' }),
      csvFileName(dayInZone(Date.now(), timeZone)),
    );
    pushToast({
      tone: 'success',
      title: 'CSV exported',
      body: `${result.payments.length} ${result.payments.length === 1 ? 'payment' : 'payments'} saved.`,
    });
  };

  return (
    <div className="export-csv">
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={!ready || total === 0 || progress !== null}
        onClick={() => void exportCsv()}
      >
        <DownloadIcon />
        {progress ? 'Exporting…' : 'Export CSV'}
      </button>
      {progress ? (
        <div className="export-progress" role="status">
          <progress
            className="export-progress-bar"
            aria-label="Export progress"
            value={progress.done}
            max={Math.max(progress.total, progress.done, 1)}
          />
          <span className="export-progress-text">
            {`${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} rows`}
          </span>
        </div>
      ) : null}
    </div>
  );
}

function download(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
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
