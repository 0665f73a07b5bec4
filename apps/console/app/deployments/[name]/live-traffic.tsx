'use client';

import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useMemo, useState } from 'react';
import { apiProblem } from '../../../lib/api-error';
import {
  type RouteTraffic,
  type TrafficSample,
  SAMPLE_WINDOW_MS,
  addSample,
  formatFraction,
  formatMs,
  formatRate,
  sampleOf,
} from '../../../lib/deployments';
import { type DeploymentSummary, useTraffic } from '../../../lib/serving-hooks';
import { EChart, PALETTE } from '../../_components/charts/echart';

const ROUTES = ['champion', 'challenger'] as const;
const CHAMPION_ONLY = ['champion'] as const;

/**
 * Requests, errors and latency per route over the last minute, as this replica counts them
 * (read every 2 s), and a chart of the readings taken while the page is open.
 */
export function LiveTraffic({
  project,
  deployment: d,
}: {
  project: string;
  deployment: DeploymentSummary;
}) {
  const traffic = useTraffic(project, d.name);
  const [samples, setSamples] = useState<TrafficSample[]>([]);
  const { data, dataUpdatedAt } = traffic;
  useEffect(() => {
    if (data) setSamples((prev) => addSample(prev, sampleOf(dataUpdatedAt, data)));
  }, [data, dataUpdatedAt]);
  const hasChallenger = d.revision.challengerVersion !== null;
  const routes = hasChallenger ? ROUTES : CHAMPION_ONLY;
  const versionOf = (route: (typeof ROUTES)[number]) =>
    route === 'champion' ? d.revision.championVersion : d.revision.challengerVersion;

  return (
    <section aria-labelledby="traffic-title">
      <div className="section-head">
        <h2 id="traffic-title">Live traffic</h2>
        <span className="muted">
          last {data?.windowSeconds ?? 60} s on this replica, since r{d.live?.revision ?? '?'} went
          live
        </span>
      </div>
      {traffic.error && !data && (
        <p className="error" role="alert">
          {apiProblem(traffic.error).message}
        </p>
      )}
      <div className="traffic-grid">
        <table data-testid="live-traffic" className="traffic-table">
          <thead>
            <tr>
              <th>Route</th>
              <th className="num">Requests</th>
              <th className="num">Req/s</th>
              <th className="num">p50</th>
              <th className="num">p99</th>
              <th className="num">Errors</th>
            </tr>
          </thead>
          <tbody>
            {routes.map((route) => {
              const t: RouteTraffic | undefined = data?.[route];
              return (
                <tr key={route} data-route={route}>
                  <td>
                    <span className={`route-dot route-${route}`} aria-hidden /> {route}{' '}
                    <span className="muted">v{versionOf(route)}</span>
                  </td>
                  <td className="num">{t ? t.requests.toLocaleString('en-US') : '—'}</td>
                  <td className="num" data-testid={`${route}-rps`}>
                    {t ? formatRate(t.requestsPerSecond) : '—'}
                  </td>
                  <td className="num">{t ? formatMs(t.p50Ms) : '—'}</td>
                  <td className="num">{t ? formatMs(t.p99Ms) : '—'}</td>
                  <td className="num">
                    {t ? (
                      <span className={t.errors > 0 ? 'error-rate bad' : 'error-rate'}>
                        {t.errors} ({t.requests > 0 ? formatFraction(t.errors / t.requests) : '—'})
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <TrafficChart samples={samples} routes={routes} />
      </div>
    </section>
  );
}

function TrafficChart({
  samples,
  routes,
}: {
  samples: readonly TrafficSample[];
  routes: readonly (typeof ROUTES)[number][];
}) {
  const option = useMemo(() => chartOption(samples, routes), [samples, routes]);
  return (
    <figure className="traffic-chart panel">
      <figcaption className="muted">
        Req/s (solid) and p99 latency (dashed), read every 2 s while this page is open
      </figcaption>
      {samples.length < 2 ? (
        <p className="muted chart-empty">Collecting readings…</p>
      ) : (
        <EChart
          option={option}
          height={200}
          label="Requests per second and p99 latency per route over the last minute"
          testId="traffic-chart"
        />
      )}
    </figure>
  );
}

function chartOption(
  samples: readonly TrafficSample[],
  routes: readonly (typeof ROUTES)[number][],
): EChartsCoreOption {
  const last = samples[samples.length - 1]?.at ?? Date.now();
  // Until a minute of readings is in, the axis starts at the first one (the line fills the width).
  const first = Math.max(samples[0]?.at ?? last, last - SAMPLE_WINDOW_MS);
  const colour = { champion: PALETTE[0], challenger: PALETTE[3] };
  return {
    animation: false,
    grid: { left: 44, right: 52, top: 26, bottom: 48 },
    legend: { bottom: 0, textStyle: { fontSize: 11 }, itemWidth: 16 },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'time',
      min: first,
      max: last,
      axisLabel: { fontSize: 10, hideOverlap: true },
    },
    yAxis: [
      { type: 'value', name: 'req/s', min: 0, nameTextStyle: { fontSize: 10 } },
      {
        type: 'value',
        name: 'p99 ms',
        min: 0,
        splitLine: { show: false },
        nameTextStyle: { fontSize: 10 },
      },
    ],
    series: routes.flatMap((route) => [
      {
        name: `${route} req/s`,
        type: 'line',
        showSymbol: false,
        color: colour[route],
        data: samples.map((s) => [s.at, s[route].rps]),
      },
      {
        name: `${route} p99`,
        type: 'line',
        yAxisIndex: 1,
        showSymbol: false,
        connectNulls: false,
        color: colour[route],
        lineStyle: { type: 'dashed' },
        data: samples.map((s) => [s.at, s[route].p99Ms]),
      },
    ]),
  };
}
