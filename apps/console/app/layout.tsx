import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Nav } from './_components/nav';
import './globals.css';

export const metadata: Metadata = {
  title: 'Sextant',
  description: 'CI/CD for machine learning: tracking, serving, pipelines, monitoring',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <Nav />
          <main className="content">{children}</main>
        </div>
      </body>
    </html>
  );
}
