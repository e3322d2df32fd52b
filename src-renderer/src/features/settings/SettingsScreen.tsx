import { ArrowLeftRight, Cpu, KeyRound, Palette, Shield, SlidersHorizontal } from 'lucide-react';
import './settings.css';
import { useState, type ComponentType, type ReactNode } from 'react';
import { Tabs } from '../../components/Tabs';
import { takeSettingsSection } from '../../stores/app';
import { GeneralSettings, PrivacySection } from './GeneralSection';
import { ConfigSection } from './ConfigSection';
import { ModelsSection } from './ModelsSection';
import { ProfilesSection } from './ProfilesSection';
import { ProvidersSection } from './ProvidersSection';

/** A section of Settings: its own, or one another feature makes (app/ hands those in). */
export type SettingsSection = { id: string; label: string; icon: ReactNode; Component: ComponentType };

const OWN_SECTIONS: readonly SettingsSection[] = [
  {
    id: 'providers',
    label: 'Providers',
    icon: <KeyRound size={15} aria-hidden />,
    Component: ProvidersSection,
  },
  { id: 'models', label: 'Models', icon: <Cpu size={15} aria-hidden />, Component: ModelsSection },
  {
    id: 'profiles',
    label: 'Profiles',
    icon: <SlidersHorizontal size={15} aria-hidden />,
    Component: ProfilesSection,
  },
  { id: 'general', label: 'General', icon: <Palette size={15} aria-hidden />, Component: GeneralSettings },
  {
    id: 'privacy',
    label: 'Privacy and data',
    icon: <Shield size={15} aria-hidden />,
    Component: PrivacySection,
  },
  {
    id: 'config',
    label: 'Import and export',
    icon: <ArrowLeftRight size={15} aria-hidden />,
    Component: ConfigSection,
  },
];

export function SettingsScreen({ extraSections = [] }: { extraSections?: readonly SettingsSection[] }) {
  const sections = [...OWN_SECTIONS, ...extraSections];
  const [section, setSection] = useState<string>(() => {
    const asked = takeSettingsSection();
    return sections.some((s) => s.id === asked) ? asked! : 'providers';
  });
  const Current = (sections.find((s) => s.id === section) ?? sections[0]!).Component;
  return (
    <section className="screen settings-screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="screen-body">
        <Tabs
          label="Settings sections"
          orientation="vertical"
          tabs={sections.map(({ id, label, icon }) => ({ id, label, icon }))}
          value={section}
          onChange={setSection}
        >
          <Current />
        </Tabs>
      </div>
    </section>
  );
}
