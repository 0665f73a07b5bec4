'use client';

import Link from 'next/link';
import { Fragment } from 'react';
import { formatBytes, modelVersionHref, shortHash } from '../../../lib/model-registry';
import { runHref } from '../../../lib/tracking-links';
import type { ModelDetail } from '../../../lib/tracking-hooks';
import { when } from '../../_components/forms';
import { AliasBadges, VersionStatus } from '../alias-badges';
import { SignatureView } from '../signature-view';
import { useToggleSet } from '../../../lib/use-toggle-set';

const COLUMNS = 8;

/** A model's versions, newest first; each row opens its signature below it. */
export function VersionsTable({ project, model }: { project: string; model: ModelDetail }) {
  const [open, toggle] = useToggleSet<number>();

  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      {model.versions.length === 0 ? (
        <div className="empty">
          No versions yet. Register a run’s ONNX artifact as a version with{' '}
          <code>registerModel</code> from <code>@sextant/client/training</code> or{' '}
          <code>sextant models register</code>.
        </div>
      ) : (
        <div className="table-scroll">
          <table data-testid="versions-table" className="versions-table">
            <thead>
              <tr>
                <th>Version</th>
                <th>Status</th>
                <th>Aliases</th>
                <th>Run</th>
                <th>sha256</th>
                <th className="num">Size</th>
                <th>Registered</th>
                <th>Signature</th>
              </tr>
            </thead>
            <tbody>
              {model.versions.map((v) => {
                const expanded = open.has(v.version);
                const detailsId = `signature-v${v.version}`;
                return (
                  <Fragment key={v.version}>
                    <tr data-version={v.version}>
                      <td>
                        <Link href={modelVersionHref(project, model.name, v.version)}>
                          v{v.version}
                        </Link>
                      </td>
                      <td>
                        <VersionStatus status={v.status} reason={v.statusReason} />
                        {v.status === 'failed' && v.statusReason && (
                          <div className="error">{v.statusReason}</div>
                        )}
                      </td>
                      <td>
                        <AliasBadges aliases={v.aliases} />
                      </td>
                      <td>
                        <Link href={runHref(project, v.runId)} title={v.runId}>
                          <code>{v.runId.slice(0, 8)}</code>
                        </Link>
                        <div className="muted wrap">{v.artifactPath}</div>
                      </td>
                      <td>
                        <code title={v.sha256}>{shortHash(v.sha256)}</code>
                      </td>
                      <td className="num nowrap">{formatBytes(v.size)}</td>
                      <td className="nowrap">{when(v.createdAt)}</td>
                      <td>
                        <button
                          type="button"
                          className="secondary small"
                          aria-expanded={expanded}
                          aria-controls={detailsId}
                          onClick={() => toggle(v.version)}
                        >
                          {expanded ? '▾' : '▸'} {v.signature.inputs.length} in,{' '}
                          {v.signature.outputs.length} out
                        </button>
                      </td>
                    </tr>
                    {expanded && (
                      <tr id={detailsId} className="expanded-row">
                        <td colSpan={COLUMNS}>
                          <SignatureView signature={v.signature} featureNames={v.featureNames} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
