import { bridge, describeError } from '../bridge';
import { showError, showToast } from '../stores/toasts';

/** Asks main to open a link in the system browser; main checks it and asks the user. Never navigates the page. */
export async function openExternalLink(url: string): Promise<void> {
  if (!url) return;
  try {
    const result = await bridge.call('app.openExternal', { url });
    if (!result.opened && result.reason) showToast({ message: result.reason });
  } catch (error) {
    showError(`The link was not opened: ${describeError(error)}`);
  }
}
