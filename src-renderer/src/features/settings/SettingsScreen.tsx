import {
  ArrowLeftRight,
  Cpu,
  DatabaseBackup,
  KeyRound,
  Palette,
  Shield,
  SlidersHorizontal,
} from 'lucide-react';
import './settings.css';
import { useState } from 'react';
import { Tabs } from '../../components/Tabs';
import { GeneralSettings, PrivacySection } from './GeneralSection';
import { ConfigSection } from './ConfigSection';
import { BackupSection } from '../transfer/BackupSection';
import { SETTINGS_SECTION_REQUEST } from '../transfer/TransferMenu';
import { ModelsSection } from './ModelsSection';
import { ProfilesSection } from './ProfilesSection';
import { ProvidersSection } from './ProvidersSection';

type Section = 'providers' | 'models' | 'profiles' | 'general' | 'privacy' | 'config' | 'backup';

const SECTIONS = [
  { id: 'providers', label: 'Providers', icon: <KeyRound size={15} aria-hidden /> },
  { id: 'models', label: 'Models', icon: <Cpu size={15} aria-hidden /> },
  { id: 'profiles', label: 'Profiles', icon: <SlidersHorizontal size={15} aria-hidden /> },
  { id: 'general', label: 'General', icon: <Palette size={15} aria-hidden /> },
  { id: 'privacy', label: 'Privacy and data', icon: <Shield size={15} aria-hidden /> },
  { id: 'config', label: 'Import and export', icon: <ArrowLeftRight size={15} aria-hidden /> },
  { id: 'backup', label: 'Backup and restore', icon: <DatabaseBackup size={15} aria-hidden /> },
] as const;

/** The section asked for from elsewhere (the sidebar's "Back up or restore…"), once. */
function requestedSection(): Section {
  const asked = SETTINGS_SECTION_REQUEST.section;
  SETTINGS_SECTION_REQUEST.section = null;
  return asked === 'backup' ? 'backup' : 'providers';
}

export function SettingsScreen() {
  const [section, setSection] = useState<Section>(requestedSection);
  return (
    <section className="screen settings-screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="screen-body">
        <Tabs
          label="Settings sections"
          orientation="vertical"
          tabs={SECTIONS}
          value={section}
          onChange={setSection}
        >
          {section === 'providers' && <ProvidersSection />}
          {section === 'models' && <ModelsSection />}
          {section === 'profiles' && <ProfilesSection />}
          {section === 'general' && <GeneralSettings />}
          {section === 'privacy' && <PrivacySection />}
          {section === 'config' && <ConfigSection />}
          {section === 'backup' && <BackupSection />}
        </Tabs>
      </div>
    </section>
  );
}
