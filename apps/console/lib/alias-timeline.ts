/**
 * The alias-history timeline ("what served when"): from the append-only moves of a model's
 * aliases, one band per alias with a segment per version it pointed to, from the move that set it
 * until the next move of that alias (or now). Pure, so that it is unit-tested.
 */
import { aliasOrder } from './model-registry';

/** One move as `tracking.models.aliasHistory` returns it (`toVersion` null: the alias was deleted). */
export interface AliasMove {
  readonly alias: string;
  readonly fromVersion: number | null;
  readonly toVersion: number | null;
  readonly actorId: string | null;
  readonly reason: string | null;
  /** ISO time. */
  readonly at: string;
}

export interface TimelineSegment {
  readonly alias: string;
  readonly version: number;
  /** ms since the epoch. */
  readonly start: number;
  readonly end: number;
  /** The alias still points here (the segment runs until now). */
  readonly current: boolean;
  /** The move that pointed the alias at this version (who, why, when). */
  readonly setBy: AliasMove;
  /** The move that took the alias elsewhere (or deleted it); null while current. */
  readonly endedBy: AliasMove | null;
}

export interface AliasBand {
  readonly alias: string;
  /** In time order. */
  readonly segments: readonly TimelineSegment[];
  /** The version the alias points to now; null if it was deleted. */
  readonly current: number | null;
}

/**
 * The bands of a model's aliases at `now` (ms). Moves may come in any order: they are sorted by
 * time, and moves at the same instant keep the API's order (newest first), reversed. A move to
 * null (a deleted alias) ends the segment and starts none; a move to the version the alias
 * already points to (a repeated promotion) does not split the segment.
 */
export function aliasBands(moves: readonly AliasMove[], now: number): AliasBand[] {
  const inTimeOrder = moves
    .map((move, index) => ({ move, t: Date.parse(move.at), index }))
    .filter((m) => Number.isFinite(m.t))
    // The API lists newest first: at equal times the later index is the older move.
    .sort((a, b) => a.t - b.t || b.index - a.index);

  const byAlias = new Map<string, { move: AliasMove; t: number }[]>();
  for (const m of inTimeOrder) {
    const list = byAlias.get(m.move.alias) ?? [];
    list.push(m);
    byAlias.set(m.move.alias, list);
  }

  const bands: AliasBand[] = [];
  for (const [alias, list] of byAlias) {
    const segments: TimelineSegment[] = [];
    let open: { version: number; start: number; setBy: AliasMove } | null = null;
    for (const { move, t } of list) {
      if (open && move.toVersion === open.version) continue;
      if (open) {
        segments.push({ alias, ...open, end: t, current: false, endedBy: move });
        open = null;
      }
      if (move.toVersion !== null) open = { version: move.toVersion, start: t, setBy: move };
    }
    if (open)
      segments.push({
        alias,
        ...open,
        end: Math.max(now, open.start),
        current: true,
        endedBy: null,
      });
    bands.push({ alias, segments, current: open?.version ?? null });
  }
  return bands.sort((a, b) => aliasOrder(a.alias, b.alias));
}

/**
 * The time span the timeline shows: from the first move until now, widened to at least
 * `minSpan` ms (a history made a second ago still gets an axis), and padded on the left
 * by 2% so that the first segment does not touch the labels.
 */
export function timelineDomain(
  bands: readonly AliasBand[],
  now: number,
  minSpan = 10_000,
): { start: number; end: number } {
  const starts = bands.flatMap((b) => b.segments.map((s) => s.start));
  const first = starts.length > 0 ? Math.min(...starts) : now - minSpan;
  const end = Math.max(now, ...bands.flatMap((b) => b.segments.map((s) => s.end)));
  const span = Math.max(end - first, minSpan);
  return { start: end - span - span * 0.02, end };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tick steps, finest first; the timeline uses the finest that gives at most `maxTicks` ticks. */
export const TICK_STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  91 * DAY,
  182 * DAY,
  365 * DAY,
] as const;

/**
 * Axis ticks between `start` and `end` (ms): round multiples of a step from {@link TICK_STEPS}
 * in the local time zone (`offsetMinutes` is `Date#getTimezoneOffset()`, given so that this stays
 * pure), at most `maxTicks` (≥ 2) of them. `step` tells the caller how to label them.
 */
export function timeTicks(
  start: number,
  end: number,
  maxTicks: number,
  offsetMinutes = 0,
): { step: number; ticks: number[] } {
  const span = Math.max(end - start, 1);
  const most = Math.max(maxTicks, 2);
  // With span / step < most, floor(span / step) + 1 ≤ most ticks fit in the span.
  const step = TICK_STEPS.find((s) => span / s < most) ?? Math.ceil(span / (most - 1) / DAY) * DAY;
  // Round in local time: a day tick falls on local midnight, an hour tick on the hour.
  const shift = -offsetMinutes * MINUTE;
  const first = Math.ceil((start + shift) / step) * step - shift;
  const ticks: number[] = [];
  for (let t = first; t <= end; t += step) ticks.push(t);
  return { step, ticks };
}

/** A tick's label: the time of day for steps under a day, else the date. */
export function tickLabel(t: number, step: number, locale?: string): string {
  const d = new Date(t);
  if (step < MINUTE) {
    return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  if (step < DAY) return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return d.toLocaleDateString(locale, { month: 'short', day: 'numeric' });
}

/** How long a segment lasted, in words: `4 s`, `12 min`, `3 h 5 min`, `6 d 2 h`. */
export function spanLabel(ms: number): string {
  if (ms < MINUTE) return `${Math.max(0, Math.round(ms / SECOND))} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const m = Math.floor((ms % HOUR) / MINUTE);
    return `${Math.floor(ms / HOUR)} h${m ? ` ${m} min` : ''}`;
  }
  const h = Math.floor((ms % DAY) / HOUR);
  return `${Math.floor(ms / DAY)} d${h ? ` ${h} h` : ''}`;
}
