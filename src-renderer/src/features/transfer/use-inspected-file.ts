import { useRef, useState } from 'react';
import type { ImportPreview, TransferJob } from '@contract/transfer';
import { bridge, describeError } from '../../bridge';
import { chooseInMain, runJob, TransferFailed, uploadPicked } from './transfer-jobs';

export type InspectState =
  | { step: 'idle' }
  | { step: 'uploading'; name: string; fraction: number }
  | { step: 'checking'; name: string; job: TransferJob | null }
  | { step: 'ready'; name: string; preview: ImportPreview }
  | { step: 'refused'; name: string; message: string };

/** A file chosen for import or restore: sent to main, then read there and previewed (nothing changes yet). */
export function useInspectedFile(purpose: 'import' | 'restore') {
  const [state, setState] = useState<InspectState>({ step: 'idle' });
  const upload = useRef<AbortController | null>(null);

  const inspect = async (uploadId: string, name: string) => {
    setState({ step: 'checking', name, job: null });
    try {
      const result = await runJob(
        () => bridge.call('transfer.inspect', { uploadId }),
        (job) => setState({ step: 'checking', name, job }),
      );
      if (result.type !== 'preview') throw new Error('The file could not be read.');
      setState({ step: 'ready', name, preview: result.preview });
    } catch (error) {
      setState({
        step: 'refused',
        name,
        message: error instanceof TransferFailed ? error.message : describeError(error),
      });
    }
  };

  return {
    state,
    reset: () => setState({ step: 'idle' }),
    /** Web host: a file from the page's picker or a drop. */
    async pick(file: File) {
      upload.current?.abort();
      const controller = new AbortController();
      upload.current = controller;
      setState({ step: 'uploading', name: file.name, fraction: 0 });
      try {
        const info = await uploadPicked(
          file,
          (fraction) => setState({ step: 'uploading', name: file.name, fraction }),
          controller.signal,
        );
        await inspect(info.uploadId, info.name);
      } catch (error) {
        setState({ step: 'refused', name: file.name, message: describeError(error) });
      }
    },
    /** Electron: main's open dialog. */
    async choose() {
      try {
        const info = await chooseInMain(purpose);
        if (info) await inspect(info.uploadId, info.name);
      } catch (error) {
        setState({ step: 'refused', name: '', message: describeError(error) });
      }
    },
    cancelUpload() {
      upload.current?.abort();
      setState({ step: 'idle' });
    },
  };
}
