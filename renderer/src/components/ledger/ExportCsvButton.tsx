import { useAppStore } from '../../store/appStore';

/**
 * Saves every transfer matching the current filters (not only the rows on screen) as a
 * CSV file streamed by the core, with a progress bar counting the records as they are
 * written. The door decides where it goes: the desktop asks in a save dialog, a browser
 * uses its downloads.
 */
export function ExportCsvButton() {
  const progress = useAppStore((state) => state.ledgerExport);
  const total = useAppStore((state) => state.ledgerTotal);
  const ready = useAppStore((state) => state.ledgerStatus === 'ready');
  const downloadTransfers = useAppStore((state) => state.downloadTransfers);
  const pushToast = useAppStore((state) => state.pushToast);

  const exportCsv = async () => {
    const result = await downloadTransfers();
    if (!result.ok) {
      pushToast({
        tone: 'danger',
        title: "The CSV couldn't be exported",
        body: result.error.message,
      });
      return;
    }
    // Closing the save dialog is the user's choice, not a failure: nothing to say.
    if (result.data.status === 'cancelled') return;
    const { records, fileName, path } = result.data;
    pushToast({
      tone: 'success',
      title: 'CSV exported',
      body: `${records.toLocaleString('en-US')} ${records === 1 ? 'transfer' : 'transfers'} saved to ${path ?? fileName}.`,
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
