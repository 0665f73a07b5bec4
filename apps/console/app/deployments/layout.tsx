import type { ReactNode } from 'react';
// The registry's badges, code blocks and dialog are shared with the serving pages.
import '../models/models.css';
import './deployments.css';

/** The deployment pages share their styles (live figures, the traffic editor, the revisions). */
export default function DeploymentsLayout({ children }: { children: ReactNode }) {
  return children;
}
