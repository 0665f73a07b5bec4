import type { ReactNode } from 'react';

/** A section of the console whose data does not exist yet: says what will appear and how. */
export function EmptySection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <h1>{title}</h1>
      <div className="empty">{children}</div>
    </>
  );
}
