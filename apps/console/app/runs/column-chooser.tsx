'use client';

import type { ColumnChoice } from '../../lib/runs-table';

/**
 * Which metric and param columns the runs table shows. The choice is remembered per experiment
 * in this browser; the keys offered are those of the runs on screen and those already chosen.
 */
export function ColumnChooser({
  metricKeys,
  paramKeys,
  chosen,
  onChange,
  onReset,
}: {
  metricKeys: readonly string[];
  paramKeys: readonly string[];
  chosen: ColumnChoice;
  onChange: (next: ColumnChoice) => void;
  onReset: () => void;
}) {
  const toggle = (kind: 'metrics' | 'params', key: string, on: boolean) => {
    const current = chosen[kind];
    const next = on ? [...current, key] : current.filter((k) => k !== key);
    onChange({ ...chosen, [kind]: next });
  };
  const group = (kind: 'metrics' | 'params', title: string, keys: readonly string[]) => (
    <fieldset>
      <legend>{title}</legend>
      {keys.length === 0 && <span className="muted">none on this page</span>}
      {keys.map((key) => (
        <label key={key} className="inline">
          <input
            type="checkbox"
            checked={chosen[kind].includes(key)}
            onChange={(e) => toggle(kind, key, e.target.checked)}
          />
          {key}
        </label>
      ))}
    </fieldset>
  );
  return (
    <details className="column-chooser">
      <summary>
        Columns{' '}
        <span className="muted">
          ({chosen.metrics.length + chosen.params.length} of {metricKeys.length + paramKeys.length})
        </span>
      </summary>
      <div className="column-chooser-panel" role="group" aria-label="Columns">
        {group('metrics', 'Metrics', metricKeys)}
        {group('params', 'Params', paramKeys)}
        <button type="button" className="secondary" onClick={onReset}>
          Reset to default
        </button>
      </div>
    </details>
  );
}
