'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import {
  type AliasBand,
  type TimelineSegment,
  spanLabel,
  tickLabel,
  timeTicks,
  timelineDomain,
} from '../../../lib/alias-timeline';
import { when } from '../../_components/forms';

/** Colours of versions (dark enough for white labels); a version keeps its colour in every band. */
const VERSION_COLORS = [
  '#2457d6',
  '#e4572e',
  '#13795b',
  '#9c27b0',
  '#b54708',
  '#00838f',
  '#c2185b',
  '#5d4037',
];
export const versionColor = (version: number) =>
  VERSION_COLORS[(version - 1) % VERSION_COLORS.length]!;

const LABEL_WIDTH = 120;
const RIGHT_PAD = 44;
const TOP = 10;
const BAND = 30;
const GAP = 12;
const AXIS = 30;
const MIN_SEGMENT = 3;

interface Hover {
  readonly segment: TimelineSegment;
  readonly x: number;
  readonly y: number;
}

/**
 * The alias-history timeline, drawn as SVG: one band per alias over time, a segment per version
 * it pointed to (from the move that set it until the next move), labelled `v2` where it fits.
 * Hovering or focusing a segment shows who moved the alias there, when and why; clicking opens
 * the version.
 */
export function AliasTimeline({
  bands,
  now,
  nameOf,
  versionHref,
}: {
  bands: readonly AliasBand[];
  now: number;
  nameOf: (actorId: string | null) => string;
  versionHref: (version: number) => string;
}) {
  const router = useRouter();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<Hover | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);

  const { start, end } = timelineDomain(bands, now);
  const plot = Math.max(width - LABEL_WIDTH - RIGHT_PAD, 10);
  const x = (t: number) => LABEL_WIDTH + ((t - start) / (end - start)) * plot;
  const height = TOP + bands.length * (BAND + GAP) - GAP + AXIS;
  const { step, ticks } = timeTicks(
    start,
    end,
    Math.max(2, Math.floor(plot / 100)),
    new Date(end).getTimezoneOffset(),
  );
  const axisY = TOP + bands.length * (BAND + GAP) - GAP;
  const versions = [...new Set(bands.flatMap((b) => b.segments.map((s) => s.version)))].sort(
    (a, b) => a - b,
  );

  const show = (segment: TimelineSegment, target: Element) => {
    const rect = target.getBoundingClientRect();
    const outer = box.current?.getBoundingClientRect();
    if (!outer) return;
    setHover({ segment, x: rect.left - outer.left + rect.width / 2, y: rect.top - outer.top });
  };

  return (
    <div className="alias-timeline" ref={box} data-testid="alias-timeline">
      {width > 0 && (
        <svg
          width={width}
          height={height}
          role="group"
          aria-label={`Alias timeline from ${when(new Date(start).toISOString())} until now`}
        >
          {ticks.map((t) => (
            <g key={t} className="timeline-tick">
              <line x1={x(t)} x2={x(t)} y1={TOP - 4} y2={axisY + 4} />
              <text x={x(t)} y={axisY + 18} textAnchor="middle">
                {tickLabel(t, step)}
              </text>
            </g>
          ))}
          <g className="timeline-now">
            <line x1={x(now)} x2={x(now)} y1={TOP - 6} y2={axisY + 4} />
            <text x={x(now) + 4} y={axisY + 18}>
              now
            </text>
          </g>
          {bands.map((band, i) => {
            const y = TOP + i * (BAND + GAP);
            return (
              <g key={band.alias} data-testid="timeline-band" data-alias={band.alias}>
                <text className="timeline-alias" x={0} y={y + BAND / 2 + 5}>
                  {band.alias}
                </text>
                <rect
                  className="timeline-track"
                  x={LABEL_WIDTH}
                  y={y}
                  width={plot}
                  height={BAND}
                  rx={5}
                />
                {band.segments.map((s) => {
                  const left = x(s.start);
                  const w = Math.max(x(s.end) - left, MIN_SEGMENT);
                  const label = `v${s.version}`;
                  const describe = `${band.alias} → ${label}: ${s.current ? `since ${when(new Date(s.start).toISOString())}` : `${when(new Date(s.start).toISOString())} until ${when(new Date(s.end).toISOString())}`}, moved by ${nameOf(s.setBy.actorId)}${s.setBy.reason ? `: ${s.setBy.reason}` : ''}`;
                  return (
                    <g
                      key={`${s.version}:${s.start}`}
                      className="timeline-segment"
                      data-testid="timeline-segment"
                      data-alias={band.alias}
                      data-version={s.version}
                      data-current={s.current ? 'true' : undefined}
                      tabIndex={0}
                      role="link"
                      aria-label={describe}
                      onMouseEnter={(e) => show(s, e.currentTarget)}
                      onMouseLeave={() => setHover(null)}
                      onFocus={(e) => show(s, e.currentTarget)}
                      onBlur={() => setHover(null)}
                      onClick={() => router.push(versionHref(s.version))}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') router.push(versionHref(s.version));
                      }}
                    >
                      <rect
                        x={left}
                        y={y + 3}
                        width={w}
                        height={BAND - 6}
                        rx={4}
                        fill={versionColor(s.version)}
                      />
                      {w >= 30 && (
                        <text x={left + w / 2} y={y + BAND / 2 + 4} textAnchor="middle">
                          {label}
                        </text>
                      )}
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
      )}
      {hover && <SegmentTip hover={hover} nameOf={nameOf} />}
      <p className="timeline-legend">
        {versions.map((v) => (
          <span key={v} className="timeline-key">
            <span className="swatch" style={{ background: versionColor(v) }} />v{v}
          </span>
        ))}
        <span className="muted">Hover a segment for who moved the alias, when and why.</span>
      </p>
    </div>
  );
}

function SegmentTip({ hover, nameOf }: { hover: Hover; nameOf: (id: string | null) => string }) {
  const s = hover.segment;
  const iso = (t: number) => when(new Date(t).toISOString());
  return (
    <div
      className="timeline-tip"
      role="tooltip"
      data-testid="timeline-tip"
      style={{ left: hover.x, top: hover.y }}
    >
      <strong>
        {s.alias} → v{s.version}
      </strong>
      <div>
        {s.current ? (
          <>
            since {iso(s.start)} ({spanLabel(s.end - s.start)}, current)
          </>
        ) : (
          <>
            {iso(s.start)} – {iso(s.end)} ({spanLabel(s.end - s.start)})
          </>
        )}
      </div>
      <div>
        moved by {nameOf(s.setBy.actorId)}
        {s.setBy.fromVersion !== null ? ` from v${s.setBy.fromVersion}` : ''}
      </div>
      {s.setBy.reason && <div className="timeline-tip-reason">“{s.setBy.reason}”</div>}
      {s.endedBy && (
        <div className="muted">
          then {s.endedBy.toVersion === null ? 'deleted' : `moved to v${s.endedBy.toVersion}`} by{' '}
          {nameOf(s.endedBy.actorId)}
        </div>
      )}
    </div>
  );
}
