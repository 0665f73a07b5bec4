import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { QueryProvider } from '../lib/query-provider';
import { AppShell } from './_components/app-shell';
import './globals.css';

export const metadata: Metadata = {
  title: 'Sextant',
  description: 'CI/CD for machine learning: tracking, serving, pipelines, monitoring',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <QueryProvider>
          <AppShell>{children}</AppShell>
        </QueryProvider>
      </body>
    </html>
  );
}
