'use client';

import { useState } from 'react';
import { apiProblem } from '../../../lib/api-error';
import {
  PREVIEW_MAX_BYTES,
  artifactUrl,
  parseCsv,
  prettyJson,
  previewKind,
} from '../../../lib/artifact-preview';
import { type Artifact, useArtifactText, useArtifacts } from '../../../lib/tracking-hooks';
import { when } from '../../_components/forms';

const CSV_PREVIEW_ROWS = 50;

/** Sizes as people read them: 1.2 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * The run's artifacts with download links, and a preview of the one chosen (the first
 * previewable one to begin with): images as they are, JSON pretty-printed, CSV as a table, text
 * as it is — each from its first 100 KB.
 */
export function Artifacts({ project, runId }: { project: string; runId: string }) {
  const artifacts = useArtifacts(project, runId);
  const [chosen, setChosen] = useState<string | null>(null);
  const list = artifacts.data ?? [];
  const previewable = list.filter((a) => previewKind(a.path, a.contentType) !== 'none');
  const shown = list.find((a) => a.path === chosen) ?? previewable[0] ?? null;

  return (
    <section aria-labelledby="artifacts-title">
      <h2 id="artifacts-title">Artifacts</h2>
      {artifacts.error && (
        <p className="error" role="alert">
          {apiProblem(artifacts.error).message}
        </p>
      )}
      {artifacts.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 && !artifacts.error ? (
        <div className="empty">No artifacts were uploaded for this run.</div>
      ) : (
        <div className="artifacts">
          <table data-testid="artifacts">
            <thead>
              <tr>
                <th>Path</th>
                <th className="num">Size</th>
                <th>Uploaded</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => {
                const kind = previewKind(a.path, a.contentType);
                const isShown = shown?.path === a.path;
                return (
                  <tr key={a.path} data-selected={isShown ? 'true' : undefined}>
                    <td className="wrap">
                      <code>{a.path}</code>
                      <div className="muted">{a.contentType ?? 'unknown type'}</div>
                    </td>
                    <td className="num nowrap">{formatBytes(a.size)}</td>
                    <td className="nowrap">{when(a.createdAt)}</td>
                    <td className="actions">
                      {kind !== 'none' && (
                        <button
                          type="button"
                          className="secondary"
                          aria-pressed={isShown}
                          aria-label={`Preview ${a.path}`}
                          onClick={() => setChosen(a.path)}
                        >
                          Preview
                        </button>
                      )}
                      <a
                        className="button secondary"
                        href={artifactUrl(runId, a.path, true)}
                        download
                        aria-label={`Download ${a.path}`}
                      >
                        Download
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {shown && previewKind(shown.path, shown.contentType) !== 'none' && (
            <Preview runId={runId} artifact={shown} />
          )}
        </div>
      )}
    </section>
  );
}

function Preview({ runId, artifact }: { runId: string; artifact: Artifact }) {
  const kind = previewKind(artifact.path, artifact.contentType);
  const text = useArtifactText(runId, kind === 'image' ? null : artifact.path);
  return (
    <figure
      className="preview panel"
      aria-label={`Preview of ${artifact.path}`}
      data-testid="preview"
    >
      <figcaption>
        <code>{artifact.path}</code>
        {text.data?.truncated && (
          <span className="muted">
            {' '}
            · first {formatBytes(PREVIEW_MAX_BYTES)} of {formatBytes(artifact.size)}
          </span>
        )}
      </figcaption>
      {kind === 'image' ? (
        // A plain <img>: the API serves the file (next/image would only proxy it again).
        <img
          src={artifactUrl(runId, artifact.path)}
          alt={artifact.path}
          className="preview-image"
        />
      ) : text.error ? (
        <p className="error">{apiProblem(text.error).message}</p>
      ) : !text.data ? (
        <p className="muted">Loading…</p>
      ) : kind === 'json' ? (
        <JsonPreview text={text.data.text} truncated={text.data.truncated} />
      ) : kind === 'csv' ? (
        <CsvPreview text={text.data.text} truncated={text.data.truncated} />
      ) : (
        <pre className="preview-text">{text.data.text}</pre>
      )}
    </figure>
  );
}

function JsonPreview({ text, truncated }: { text: string; truncated: boolean }) {
  const pretty = prettyJson(text);
  return (
    <>
      {!pretty.parsed && (
        <p className="muted">
          {truncated
            ? 'Cut at the preview limit, so shown as it is.'
            : 'Not valid JSON: shown as it is.'}
        </p>
      )}
      <pre className="preview-text" data-testid="json-preview">
        {pretty.text}
      </pre>
    </>
  );
}

function CsvPreview({ text, truncated }: { text: string; truncated: boolean }) {
  const [header, ...rows] = parseCsv(text, CSV_PREVIEW_ROWS + 1, truncated);
  if (!header) return <p className="muted">Empty file.</p>;
  return (
    <div className="table-scroll">
      <table className="csv-preview">
        <thead>
          <tr>
            {header.map((h, i) => (
              <th key={i}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === CSV_PREVIEW_ROWS && (
        <p className="muted">The first {CSV_PREVIEW_ROWS} rows; download the file for the rest.</p>
      )}
    </div>
  );
}
