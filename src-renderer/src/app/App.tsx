import { PlugZap } from 'lucide-react';
import { lazy, Suspense, useEffect } from 'react';
import { bridgeUnavailableReason } from '../bridge';
import { EmptyState } from '../components/EmptyState';
import { Toasts } from '../components/Toasts';
import { ChatScreen } from './ChatScreen';
import { routeFromHash, useAppStore } from '../stores/app';
import { ConnectionBanner, Notices } from './Banners';
import { boot } from './boot';
import { listenToShortcuts } from './shortcuts';
import { Sidebar } from './Sidebar';

// Screens not every session opens are loaded on demand.
const SettingsPage = lazy(() => import('./SettingsPage').then((m) => ({ default: m.SettingsPage })));
const CostsScreen = lazy(() =>
  import('../features/costs/CostsScreen').then((m) => ({ default: m.CostsScreen })),
);
const BatchScreen = lazy(() =>
  import('../features/batch/BatchScreen').then((m) => ({ default: m.BatchScreen })),
);

function Screen() {
  const route = useAppStore((s) => s.route);
  return (
    <Suspense fallback={<div className="screen" aria-busy="true" />}>
      {route === 'chat' && <ChatScreen />}
      {route === 'settings' && <SettingsPage />}
      {route === 'costs' && <CostsScreen />}
      {route === 'batch' && <BatchScreen />}
    </Suspense>
  );
}

function Unreachable({ reason }: { reason: string }) {
  return (
    <main className="unreachable">
      <EmptyState icon={<PlugZap size={22} />} title="Modeldesk is not connected">
        <p>{reason}</p>
        <p>
          Start it with <code>npm run serve</code> and open the address it prints, which begins with{' '}
          <code>http://127.0.0.1:</code>.
        </p>
      </EmptyState>
    </main>
  );
}

export function App() {
  const unavailable = bridgeUnavailableReason();
  useEffect(() => (unavailable ? undefined : boot()), [unavailable]);
  useEffect(() => (unavailable ? undefined : listenToShortcuts()), [unavailable]);
  useEffect(() => {
    const onHash = () => useAppStore.setState({ route: routeFromHash(location.hash) });
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  if (unavailable) return <Unreachable reason={unavailable} />;
  return (
    <div className="app">
      <Sidebar />
      <main className="main">
        <ConnectionBanner />
        <Notices />
        <Screen />
      </main>
      <Toasts />
    </div>
  );
}
