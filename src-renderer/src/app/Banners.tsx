import { LoaderCircle, X } from 'lucide-react';
import { bridge } from '../bridge';
import { Button } from '../components/Button';
import { IconButton } from '../components/IconButton';
import { useAppStore } from '../stores/app';
import { retryLoad } from './boot';

/** Says when the link to main is down (calls wait meanwhile) and when the first load failed. */
export function ConnectionBanner() {
  const connection = useAppStore((s) => s.connection);
  const loadError = useAppStore((s) => s.loadError);
  if (connection.state === 'reconnecting') {
    return (
      <div className="banner banner-warning" role="status">
        <LoaderCircle size={14} className="spin" aria-hidden />
        Connection to Modeldesk lost — reconnecting
        {connection.attempt > 1 ? ` (attempt ${connection.attempt})` : ''}. What you type is kept.
      </div>
    );
  }
  if (loadError) {
    return (
      <div className="banner banner-danger" role="alert">
        {loadError}
        <Button size="sm" onClick={retryLoad}>
          Try again
        </Button>
      </div>
    );
  }
  return null;
}

export function Notices() {
  const notices = useAppStore((s) => s.notices);
  if (notices.length === 0) return null;
  const dismiss = (id: string) => {
    useAppStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    bridge.call('app.dismissNotice', { id }).catch(() => {});
  };
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`banner banner-${notice.level === 'error' ? 'danger' : notice.level === 'warning' ? 'warning' : 'info'}`}
          role="status"
        >
          <span className="banner-text">{notice.message}</span>
          <IconButton
            label="Dismiss"
            size="sm"
            tooltip="none"
            icon={<X size={13} />}
            onClick={() => dismiss(notice.id)}
          />
        </div>
      ))}
    </div>
  );
}
