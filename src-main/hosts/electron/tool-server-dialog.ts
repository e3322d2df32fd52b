/**
 * The native dialog that asks before a new or changed tool server is saved: what it runs (or reaches), with which
 * secrets, Cancel by default. The page cannot answer it, so a page made to call the bridge cannot start a
 * program of its choice, nor send a server's secrets to an address of its choice.
 */
import type { ToolServerConfirmation } from '../../core/tools/tools-service';

/** The index of the button that allows. */
export const ALLOW = 0;

export function toolServerDialog(request: ToolServerConfirmation) {
  const runs = request.kind === 'stdio';
  return {
    type: 'warning' as const,
    buttons: [runs ? 'Allow it to run' : 'Allow the connection', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
    message: runs
      ? `Let Modeldesk run “${request.name}” as a tool server?`
      : `Let Modeldesk connect to “${request.name}” as a tool server?`,
    detail: `${request.launch}\n\nAllow it only if you added or changed it yourself and trust it.`,
  };
}
