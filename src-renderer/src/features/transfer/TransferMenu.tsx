import { ArrowDownUp, DatabaseBackup, Download, FileUp } from 'lucide-react';
import { useState } from 'react';
import { Menu } from '../../components/Menu';
import { navigate } from '../../stores/app';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';

/** Where settings opens when "Back up or restore…" is chosen (read once by the Settings screen). */
export const SETTINGS_SECTION_REQUEST = { section: null as string | null };

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
            onSelect: () => {
              SETTINGS_SECTION_REQUEST.section = 'backup';
              navigate('settings');
            },
          },
        ]}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      <ExportDialog open={exporting} onClose={() => setExporting(false)} />
    </>
  );
}
