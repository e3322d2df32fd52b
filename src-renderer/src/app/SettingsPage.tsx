import { DatabaseBackup } from 'lucide-react';
import { SettingsScreen, type SettingsSection } from '../features/settings/SettingsScreen';
import { BackupSection } from '../features/transfer/BackupSection';

/** Settings with the sections other features make: backup and restore (transfer). */
const EXTRA_SECTIONS: readonly SettingsSection[] = [
  {
    id: 'backup',
    label: 'Backup and restore',
    icon: <DatabaseBackup size={15} aria-hidden />,
    Component: BackupSection,
  },
];

export function SettingsPage() {
  return <SettingsScreen extraSections={EXTRA_SECTIONS} />;
}
