import { ArrowLeftRight, Cpu, KeyRound, Palette, Shield, SlidersHorizontal, Wrench } from 'lucide-react';
import './settings.css';
import { useState } from 'react';
import { Tabs } from '../../components/Tabs';
import { GeneralSettings, PrivacySection } from './GeneralSection';
import { ConfigSection } from './ConfigSection';
import { ModelsSection } from './ModelsSection';
import { ProfilesSection } from './ProfilesSection';
import { ProvidersSection } from './ProvidersSection';
import { ToolsSection } from './ToolsSection';

type Section = 'providers' | 'models' | 'profiles' | 'tools' | 'general' | 'privacy' | 'config';

const SECTIONS = [
  { id: 'providers', label: 'Providers', icon: <KeyRound size={15} aria-hidden /> },
  { id: 'models', label: 'Models', icon: <Cpu size={15} aria-hidden /> },
  { id: 'profiles', label: 'Profiles', icon: <SlidersHorizontal size={15} aria-hidden /> },
  { id: 'tools', label: 'Tools', icon: <Wrench size={15} aria-hidden /> },
  { id: 'general', label: 'General', icon: <Palette size={15} aria-hidden /> },
  { id: 'privacy', label: 'Privacy and data', icon: <Shield size={15} aria-hidden /> },
  { id: 'config', label: 'Import and export', icon: <ArrowLeftRight size={15} aria-hidden /> },
] as const;

export function SettingsScreen() {
  const [section, setSection] = useState<Section>('providers');
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
          {section === 'tools' && <ToolsSection />}
          {section === 'general' && <GeneralSettings />}
          {section === 'privacy' && <PrivacySection />}
          {section === 'config' && <ConfigSection />}
        </Tabs>
      </div>
    </section>
  );
}
