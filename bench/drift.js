#!/usr/bin/env node
// Issue 9's drift figure: PSI + KS over 1M rows × 20 numeric columns, beside the typed-array sort
// floor in the same run (what any exact KS must at least do: sort the samples).
//   node bench/drift.js [--rows 1000000] [--columns 20] [--rounds 3]
// 1. A first report: reference and current both profiled — vs sorting both sides (goal ≤ 1.2×).
// 2. The same reference again (a monitor's pinned reference; its profile is cached): only the
//    current window is sorted — vs sorting the current side (goal ≤ 1.1×).
// Needs the built packages (npm run build).
const { parseArgs } = require('node:util');

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    columns: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
  },
});

function normals(n, seed, shift) {
  let a = seed | 0;
  const u = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = shift + Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

function main() {
  const { computeDrift } = require('@sextant/monitoring');
  const rows = Number(values.rows);
  const k = Number(values.columns);
  const rounds = Number(values.rounds);
  const names = Array.from({ length: k }, (_, j) => `f${j}`);
  const make = (seed, shift) => Object.fromEntries(names.map((n, j) => [n, normals(rows, seed * 1000 + j, shift)]));
  const reference = { columns: make(1, 0) };
  const sortAll = (table) => {
    for (const n of names) table.columns[n].slice().sort();
  };
  const first = [];
  const cached = [];
  const floorBoth = [];
  const floorCurrent = [];
  for (let r = 0; r < rounds; r++) {
    // A fresh reference each round for the first report (nothing cached), the same one after.
    const freshReference = { columns: make(100 + r, 0) };
    const current = { columns: make(200 + r, 0.05) };
    floorCurrent.push(time(() => sortAll(current)));
    floorBoth.push(time(() => (sortAll(freshReference), sortAll(current))));
    first.push(time(() => computeDrift({ reference: freshReference, current, tests: ['psi', 'ks'] })));
    if (r === 0) computeDrift({ reference, current, tests: ['psi', 'ks'] }); // warms the cache
    cached.push(time(() => computeDrift({ reference, current, tests: ['psi', 'ks'] })));
  }
  const rowsOut = [
    { run: 'sort floor: reference + current (baseline)', ms: median(floorBoth) },
    { run: 'computeDrift psi+ks, first report', ms: median(first), vs: median(first) / median(floorBoth) },
    { run: 'sort floor: current only (baseline)', ms: median(floorCurrent) },
    { run: 'computeDrift psi+ks, cached reference', ms: median(cached), vs: median(cached) / median(floorCurrent) },
  ];
  console.log(`${rows.toLocaleString('en')} rows × ${k} columns, median of ${rounds}:`);
  for (const r of rowsOut) {
    console.log(`  ${r.run.padEnd(46)} ${r.ms.toFixed(0).padStart(7)} ms${r.vs ? `   ${r.vs.toFixed(2)}× the floor` : ''}`);
  }
}

main();
