import type { ReactNode } from 'react';
import './models.css';

/** The model registry's pages share their styles (badges, the timeline, the lineage graph). */
export default function ModelsLayout({ children }: { children: ReactNode }) {
  return children;
}
