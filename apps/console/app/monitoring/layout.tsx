import type { ReactNode } from 'react';
// The registry's badges and code blocks are shared with the monitoring pages.
import '../models/models.css';
import './monitoring.css';

/** The monitoring pages share their styles (verdict badges, the heatmap, the plugins). */
export default function MonitoringLayout({ children }: { children: ReactNode }) {
  return children;
}
