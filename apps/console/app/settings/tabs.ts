/** The sub-pages of Settings, in tab order. */
export const SETTINGS_TABS = [
  { href: '/settings/projects', label: 'Projects', about: 'Projects, their members and roles.' },
  { href: '/settings/api-keys', label: 'API keys', about: 'Keys for CI jobs and scripts.' },
  { href: '/settings/users', label: 'Users', about: 'Who may sign in (platform admins).' },
  { href: '/settings/audit', label: 'Audit log', about: 'Every change, who made it, when.' },
] as const;
