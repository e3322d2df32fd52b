import { ErrorCallout } from '../../components/ErrorCallout';
import { JobProgress } from './JobProgress';
import type { InspectState } from './use-inspected-file';

/** Where a chosen file stands before its preview: being sent, being read, or refused (and nothing changed). */
export function FileCheckStatus({
  state,
  checking,
  refusedTitle,
}: {
  state: InspectState;
  /** What reading it is called: "Reading the file", "Checking the backup". */
  checking: string;
  /** The refusal's title for a file name: "x.zip was not imported". */
  refusedTitle: (name: string) => string;
}) {
  if (state.step === 'uploading')
    return <JobProgress job={null} upload={state.fraction} label="Upload progress" />;
  if (state.step === 'checking') return <JobProgress job={state.job} label={checking} />;
  if (state.step === 'refused') {
    return (
      <ErrorCallout title={refusedTitle(state.name || 'The file')}>
        <p>{state.message}</p>
        <p>Nothing was changed.</p>
      </ErrorCallout>
    );
  }
  return null;
}
