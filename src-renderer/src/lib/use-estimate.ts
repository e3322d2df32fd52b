/**
 * Main's estimate and verdict on what is about to be sent, asked again (debounced) whenever the request changes:
 * the composer asks `chat.estimate`, the batch form `batch.estimate`. While a new answer is pending the state is
 * `checking` and the last answer is kept (`value`, for a request that differed): the window goes on showing main's
 * last verdict, marked as being checked, rather than a rule of its own.
 */
import { useEffect, useRef, useState } from 'react';
import type { CallInput, CallOutput } from '@contract/bridge';
import { bridge, describeError } from '../bridge';

export type EstimateCall = 'chat.estimate' | 'batch.estimate';

export type EstimateState<N extends EstimateCall> = {
  /** `idle`: nothing to ask; `checking`: an answer for the current request is pending; `ready`; `failed`. */
  status: 'idle' | 'checking' | 'ready' | 'failed';
  /** Main's last answer (for the current request once `ready`). */
  value: CallOutput<N> | null;
  /** Why the last call failed, when it did. */
  error: string | null;
};

const IDLE = { status: 'idle', value: null, error: null } as const;

/** The request's identity: the same request asked again is not asked twice. */
function keyOf(input: unknown): string {
  return JSON.stringify(input);
}

export function useEstimate<N extends EstimateCall>(
  name: N,
  input: CallInput<N> | null,
  delayMs = 350,
): EstimateState<N> {
  const [state, setState] = useState<EstimateState<N>>(IDLE);
  const key = input === null ? null : keyOf(input);
  const latest = useRef(input);
  latest.current = input;
  useEffect(() => {
    if (key === null) {
      setState(IDLE);
      return;
    }
    const asked = latest.current as CallInput<N>;
    let current = true;
    setState((s) => (s.status === 'checking' ? s : { ...s, status: 'checking' }));
    const timer = setTimeout(() => {
      (bridge.call(name, asked) as Promise<CallOutput<N>>)
        .then((value) => current && setState({ status: 'ready', value, error: null }))
        .catch(
          (error: unknown) =>
            current && setState({ status: 'failed', value: null, error: describeError(error) }),
        );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name, key, delayMs]);
  return state;
}
