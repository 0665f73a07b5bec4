import Link from 'next/link';
import { SETTINGS_TABS } from './tabs';

export default function SettingsPage() {
  return (
    <div className="grid">
      {SETTINGS_TABS.map((tab) => (
        <Link key={tab.href} href={tab.href} className="card card-link">
          <h2>{tab.label}</h2>
          <p className="muted">{tab.about}</p>
        </Link>
      ))}
    </div>
  );
}
