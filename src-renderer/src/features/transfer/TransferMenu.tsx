import { ArrowDownUp, DatabaseBackup, Download, FileUp } from 'lucide-react';
import { useState } from 'react';
import { Menu } from '../../components/Menu';
import { navigate } from '../../stores/app';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';

/** The sidebar's menu for moving conversations in and out: import, export several, back up. */
export function TransferMenu() {
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  return (
    <>
      <Menu
        label="Import and export"
        icon={<ArrowDownUp size={16} />}
        items={[
          {
            id: 'import',
            label: 'Import conversations…',
            icon: <FileUp size={14} />,
            onSelect: () => setImporting(true),
          },
          {
            id: 'export',
            label: 'Export conversations…',
            icon: <Download size={14} />,
            onSelect: () => setExporting(true),
          },
          {
            id: 'backup',
            label: 'Back up or restore…',
            icon: <DatabaseBackup size={14} />,
            onSelect: () => navigate('settings', { settingsSection: 'backup' }),
          },
        ]}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      <ExportDialog open={exporting} onClose={() => setExporting(false)} />
    </>
  );
}
