import { Ban, Download, Pause, Play, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import type { BatchJob } from '@contract/batch';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorCallout } from '../../components/ErrorCallout';
import { Menu } from '../../components/Menu';
import { ProgressBar } from '../../components/ProgressBar';
import { useModelNames, useProfileName } from '../../stores/catalog';
import { exportJob, runJobAction, type JobDetail } from './batch-state';
import { budgetStop, progressText } from './results';
import { ResultsTable } from './ResultsTable';
import { formatWhen } from '@contract/format';

const JOB_STATUS: Record<BatchJob['status'], { label: string; tone: BadgeTone }> = {
  draft: { label: 'Not started', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  paused: { label: 'Paused', tone: 'warning' },
  completed: { label: 'Completed', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

function Controls({ job }: { job: BatchJob }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<Parameters<typeof runJobAction>[0] | null>(null);
  const act = async (action: Parameters<typeof runJobAction>[0]) => {
    setBusy(action);
    await runJobAction(action, job.id);
    setBusy(null);
  };
  const open = job.status !== 'completed' && job.status !== 'cancelled';
  return (
    <div className="batch-controls" role="group" aria-label="Job controls">
      {job.status === 'running' ? (
        <Button
          icon={<Pause size={15} aria-hidden />}
          disabled={busy !== null}
          onClick={() => void act('batch.pause')}
        >
          {/* Calls in flight finish first, keeping their answers. */}
          {busy === 'batch.pause' ? 'Pausing…' : 'Pause'}
        </Button>
      ) : (
        open && (
          <Button
            variant="primary"
            icon={<Play size={15} aria-hidden />}
            disabled={busy !== null}
            onClick={() => void act('batch.start')}
          >
            {job.status === 'draft' ? 'Start' : 'Resume'}
          </Button>
        )
      )}
      {job.failed > 0 && (
        <Button
          icon={<RotateCcw size={15} aria-hidden />}
          disabled={busy !== null}
          onClick={() => void act('batch.retryFailed')}
        >
          Retry {job.failed} failed
        </Button>
      )}
      {open && (
        <Button
          variant="ghost"
          icon={<Ban size={15} aria-hidden />}
          disabled={busy !== null}
          onClick={() => setConfirming(true)}
        >
          Cancel job
        </Button>
      )}
      <Menu
        label="Export results"
        icon={<Download size={16} />}
        items={[
          { id: 'csv', label: 'Export as CSV', onSelect: () => void exportJob(job.id, 'csv') },
          { id: 'json', label: 'Export as JSON', onSelect: () => void exportJob(job.id, 'json') },
        ]}
      />
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Cancel this job?"
        description="Calls in progress are stopped, and the images not done yet are not asked. Answers so far are kept."
        size="sm"
        footer={
          <>
            <Button onClick={() => setConfirming(false)}>Keep it</Button>
            <Button
              variant="danger"
              onClick={() => {
                setConfirming(false);
                void act('batch.cancel');
              }}
            >
              Cancel job
            </Button>
          </>
        }
      />
    </div>
  );
}

/** One job: what it asks and of which model, its progress, its controls, and its results. */
export function JobView({ detail }: { detail: JobDetail }) {
  const { job, items } = detail;
  const modelName = useModelNames();
  const profileName = useProfileName(job.profileId);
  const status = JOB_STATUS[job.status];
  const finished = job.done + job.failed;
  const budget = budgetStop(job, items);
  const target = job.model
    ? modelName(job.model)
    : job.profileId
      ? `${profileName} profile`
      : 'the default profile';
  return (
    <div className="batch-job">
      <div className="batch-job-head">
        <div className="batch-job-title">
          <h2>{job.title}</h2>
          <Badge tone={status.tone}>{status.label}</Badge>
        </div>
        <p className="batch-muted">
          Asked of {target} · {job.concurrency} at a time{job.schema ? ' · structured answers' : ''} · created{' '}
          {formatWhen(job.createdAt)}
        </p>
        <blockquote className="batch-prompt">{job.prompt}</blockquote>
      </div>

      <div className="batch-progress">
        <ProgressBar
          label="Batch progress"
          value={finished}
          max={job.total}
          tone={job.failed > 0 ? 'warning' : job.status === 'completed' ? 'success' : 'accent'}
          valueText={progressText(job)}
        />
        <p className="batch-progress-text" aria-live="polite" data-testid="batch-progress">
          {progressText(job)}
        </p>
      </div>

      {budget && (
        <ErrorCallout tone="warning" title="Paused: the budget cannot cover the next image">
          {budget.message} {budget.action}
        </ErrorCallout>
      )}

      <Controls job={job} />

      <ResultsTable job={job} items={items} />
    </div>
  );
}
