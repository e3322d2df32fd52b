import type { TransferJob } from '@contract/transfer';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { cancelJob, progressOf } from './transfer-jobs';

/** A running transfer: what it is doing, how far it is, and Cancel. */
export function JobProgress({
  job,
  label,
  upload,
}: {
  job: TransferJob | null;
  label: string;
  upload?: number | null;
}) {
  const uploading = upload !== undefined && upload !== null && !job;
  const { label: phase, fraction } = uploading
    ? { label: 'Sending the file to Modeldesk', fraction: upload }
    : progressOf(job);
  const percent = fraction === null ? null : Math.round(fraction * 100);
  return (
    <div className="transfer-progress" role="status" aria-live="polite">
      <div className="transfer-progress-head">
        <span className="transfer-progress-label">{phase || 'Starting…'}</span>
        {percent !== null && <span className="transfer-progress-value">{percent} %</span>}
      </div>
      {percent !== null ? (
        <ProgressBar label={label} value={percent} valueText={`${percent} % — ${phase}`} />
      ) : (
        <div
          className="transfer-progress-indeterminate"
          role="progressbar"
          aria-label={label}
          aria-valuetext={phase || 'Working'}
        />
      )}
      {job?.state === 'running' && (
        <div>
          <Button size="sm" onClick={() => cancelJob(job.jobId)}>
            Cancel
          </Button>
        </div>
      )}
    </div>
  );
}
