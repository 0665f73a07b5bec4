/** Tags as `key: value` chips. */
export function Tags({ tags }: { tags: Readonly<Record<string, string>> }) {
  const entries = Object.entries(tags);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="tags">
      {entries.map(([k, v]) => (
        <span key={k} className="tag" title={`${k}: ${v}`}>
          {k}
          {v ? `: ${v}` : ''}
        </span>
      ))}
    </span>
  );
}
