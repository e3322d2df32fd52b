import { Plus } from 'lucide-react';
import { useEffect } from 'react';
import './batch.css';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { Select } from '../../components/Select';
import { listenToBatches, openJob, useBatchStore } from './batch-state';
import { JobView } from './JobView';
import { NewBatch } from './NewBatch';

const NEW = 'new';

const STATUS_WORDS = {
  draft: 'not started',
  running: 'running',
  paused: 'paused',
  completed: 'completed',
  cancelled: 'cancelled',
} as const;

/** Batch vision: set up a new job (one prompt over many images), or follow and review an earlier one. */
export function BatchScreen() {
  const jobs = useBatchStore((s) => s.jobs);
  const openJobId = useBatchStore((s) => s.openJobId);
  const detail = useBatchStore((s) => s.detail);
  const loadError = useBatchStore((s) => s.loadError);

  useEffect(() => listenToBatches(), []);

  const options = [
    { value: NEW, label: 'New batch' },
    ...jobs.map((job) => ({
      value: job.id,
      label: `${job.title} (${STATUS_WORDS[job.status]}, ${job.done}/${job.total})`,
    })),
  ];

  return (
    <section className="screen" aria-labelledby="batch-title">
      <header className="screen-header batch-header">
        <h1 id="batch-title">Batch vision</h1>
        <div className="batch-header-controls">
          {jobs.length > 0 && (
            <Select
              label="Job"
              hideLabel
              value={openJobId ?? NEW}
              options={options}
              onChange={(value) => openJob(value === NEW ? null : value)}
            />
          )}
          {openJobId && (
            <Button icon={<Plus size={15} aria-hidden />} onClick={() => openJob(null)}>
              New batch
            </Button>
          )}
        </div>
      </header>
      <div className="screen-body batch-body">
        {loadError && <ErrorCallout title="The batch jobs could not be loaded">{loadError}</ErrorCallout>}
        {openJobId === null ? (
          <NewBatch />
        ) : detail ? (
          <JobView detail={detail} />
        ) : (
          <div className="batch-loading" aria-busy="true">
            Loading the job…
          </div>
        )}
      </div>
    </section>
  );
}
