'use client';

import '@xyflow/react/dist/style.css';
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from '@xyflow/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { apiProblem } from '../../../../../lib/api-error';
import {
  type LineageKind,
  type PlacedNode,
  layoutLineage,
  lineageHref,
  lineageRunId,
  relationLabel,
} from '../../../../../lib/lineage-layout';
import { formatMetric } from '../../../../../lib/metric-value';
import { formatBytes, shortHash } from '../../../../../lib/model-registry';
import { type ModelLineage, useLineage } from '../../../../../lib/tracking-hooks';

/** What each kind of node is called on the graph and in the list. */
const KIND_NAMES: Record<LineageKind, string> = {
  'model-version': 'model version',
  artifact: 'artifact',
  run: 'run',
  experiment: 'experiment',
  'dataset-version': 'dataset',
  'code-commit': 'code commit',
};

type LineageNodeData = {
  kind: LineageKind;
  label: string;
  detail: string | null;
  href: string | null;
  /** The node is the version this page shows. */
  self: boolean;
};
type LineageFlowNode = Node<LineageNodeData, 'lineage'>;

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

/** One line under a node's label: what tells it apart (a dataset's role and hash, a branch…). */
function detailOf(node: PlacedNode): string | null {
  const d = node.data;
  switch (node.kind) {
    case 'artifact': {
      const sha = str(d['sha256']);
      const size = typeof d['size'] === 'number' ? formatBytes(d['size']) : null;
      return [sha ? `sha256 ${shortHash(sha)}` : null, size].filter(Boolean).join(' · ') || null;
    }
    case 'run': {
      const metrics = d['metrics'];
      const status = str(d['status']);
      const first =
        metrics && typeof metrics === 'object'
          ? Object.entries(metrics as Record<string, unknown>)[0]
          : undefined;
      const metric =
        first && (typeof first[1] === 'number' || typeof first[1] === 'string')
          ? `${first[0]} ${formatMetric(first[1] as number)}`
          : null;
      return [status, metric].filter(Boolean).join(' · ') || null;
    }
    case 'dataset-version': {
      const sha = str(d['sha256']);
      return [str(d['role']), sha ? shortHash(sha) : null].filter(Boolean).join(' · ') || null;
    }
    case 'code-commit':
      return (
        [str(d['branch']), d['dirty'] === true ? 'dirty' : null].filter(Boolean).join(' · ') ||
        str(d['repository'])
      );
    case 'model-version': {
      const aliases = Array.isArray(d['aliases']) ? (d['aliases'] as unknown[]) : [];
      return aliases.length > 0 ? aliases.join(', ') : null;
    }
    default:
      return null;
  }
}

function LineageNodeView({ data }: NodeProps<LineageFlowNode>) {
  const body = (
    <>
      <span className="lineage-kind">{KIND_NAMES[data.kind]}</span>
      <span className="lineage-label" title={data.label}>
        {data.label}
      </span>
      {data.detail && <span className="lineage-detail">{data.detail}</span>}
    </>
  );
  return (
    <div
      className={`lineage-node lineage-${data.kind}${data.self ? ' lineage-self' : ''}`}
      data-testid="lineage-node"
      data-kind={data.kind}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {data.href && !data.self ? (
        data.kind === 'artifact' ? (
          <a href={data.href} className="lineage-link nodrag">
            {body}
          </a>
        ) : (
          <Link href={data.href} className="lineage-link nodrag">
            {body}
          </Link>
        )
      ) : (
        <div className="lineage-link">{body}</div>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { lineage: LineageNodeView };

/** A version's lineage as a graph (React Flow, laid out by dagre) and as a list. */
export function Lineage({
  project,
  model,
  version,
}: {
  project: string;
  model: string;
  version: number;
}) {
  const lineage = useLineage(project, model, version);
  return (
    <section aria-labelledby="lineage-title">
      <h2 id="lineage-title">Lineage</h2>
      <p className="muted lineage-lead">
        Where this version came from: the code commit and the datasets its run trained on, the run,
        and the ONNX artifact it was registered from.
      </p>
      {lineage.error ? (
        <p className="error" role="alert">
          {apiProblem(lineage.error).message}
        </p>
      ) : !lineage.data ? (
        <p className="muted">Loading…</p>
      ) : (
        <LineageGraph project={project} lineage={lineage.data} version={version} />
      )}
    </section>
  );
}

function LineageGraph({
  project,
  lineage,
  version,
}: {
  project: string;
  lineage: ModelLineage;
  version: number;
}) {
  const router = useRouter();
  const { nodes, edges, height, list } = useMemo(() => {
    const layout = layoutLineage(lineage);
    const runId = lineageRunId(lineage);
    const list = layout.nodes.map((n) => ({
      node: n,
      href: lineageHref(n, project, runId),
      detail: detailOf(n),
      self: n.kind === 'model-version' && n.data['version'] === version,
    }));
    const nodes: LineageFlowNode[] = list.map(({ node, href, detail, self }) => ({
      id: node.id,
      type: 'lineage',
      position: { x: node.x, y: node.y },
      width: node.width,
      height: node.height,
      data: { kind: node.kind, label: node.label, detail, href, self },
      draggable: false,
      connectable: false,
    }));
    const edges: Edge[] = layout.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      label: relationLabel(e.relation),
      type: 'default',
      markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
      className: `lineage-edge lineage-edge-${e.relation.split(':')[0]}`,
    }));
    return { nodes, edges, height: layout.height, list };
  }, [lineage, project, version]);

  return (
    <>
      <div
        className="lineage-graph"
        data-testid="lineage-graph"
        style={{ height: Math.min(Math.max(height + 40, 260), 640) }}
      >
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          fitView
          fitViewOptions={{ padding: 0.08, maxZoom: 1 }}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          zoomOnScroll={false}
          preventScrolling={false}
          minZoom={0.3}
          maxZoom={1.5}
          // The whole card opens the node's page (its link inside works as a link does).
          onNodeClick={(event, node) => {
            const { href, kind, self } = (node as LineageFlowNode).data;
            if (!href || self || (event.target as Element).closest('a')) return;
            if (kind === 'artifact') window.location.assign(href);
            else router.push(href);
          }}
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} position="top-right" />
        </ReactFlow>
      </div>
      <table className="lineage-list" data-testid="lineage-list">
        <thead>
          <tr>
            <th>Kind</th>
            <th>Name</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {list.map(({ node, href, detail, self }) => (
            <tr key={node.id} data-kind={node.kind}>
              <td>
                <span className={`badge lineage-badge lineage-badge-${node.kind}`}>
                  {KIND_NAMES[node.kind]}
                </span>
              </td>
              <td className="wrap">
                {href && !self ? (
                  node.kind === 'artifact' ? (
                    <a href={href}>{node.label}</a>
                  ) : (
                    <Link href={href}>{node.label}</Link>
                  )
                ) : (
                  node.label
                )}
              </td>
              <td className="wrap muted">{fullDetail(node) ?? detail ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The list's longer details: full hashes, the repository. */
function fullDetail(node: PlacedNode): string | null {
  const d = node.data;
  switch (node.kind) {
    case 'artifact':
    case 'dataset-version':
      return [str(d['role']), str(d['sha256']) && `sha256 ${str(d['sha256'])}`]
        .filter(Boolean)
        .join(' · ');
    case 'code-commit':
      return [
        str(d['commit']),
        str(d['branch']),
        str(d['repository']),
        d['dirty'] === true ? 'dirty' : null,
      ]
        .filter(Boolean)
        .join(' · ');
    default:
      return null;
  }
}
