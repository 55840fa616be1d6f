import type { TopLevelSpec } from 'vega-lite';
import { capitalise, lowerIsBetter, metricKey, type CheckIn } from '../core/checkin.ts';
import type { FileReply } from '../core/reply.ts';

// One trend image per check-in: a small panel per metric (vega-lite concat), rendered
// headless to SVG (vega) and then to PNG (resvg). No canvas, no browser. Those libraries
// take over a second to load, so they are imported on the first chart, not at start-up.

export interface Series {
  name: string;
  unit: string | null;
  points: { at: string; value: number }[];
}

/** One series per tracked metric, oldest point first; records come newest first. */
export function metricSeries(records: readonly CheckIn[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const r of [...records].reverse()) {
    for (const m of r.metrics) {
      const key = metricKey(m.name);
      const s = byKey.get(key) ?? { name: m.name, unit: m.unit, points: [] };
      s.points.push({ at: r.at, value: m.value });
      s.unit ??= m.unit;
      byKey.set(key, s);
    }
  }
  return [...byKey.values()];
}

/** Splits an axis label over two lines (day, then time); a space in the alt text. */
const LINE = '|';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayLabel = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]}`;

/**
 * An x label per check-in instant: the day alone when it is the only check-in that day,
 * else day and time (UTC), and a counter if even those collide. Oldest first.
 */
export function pointLabels(instants: readonly string[]): Map<string, string> {
  const sorted = [...new Set(instants)].sort();
  const count = (len: number) => {
    const m = new Map<string, number>();
    for (const at of sorted) m.set(at.slice(0, len), (m.get(at.slice(0, len)) ?? 0) + 1);
    return (at: string) => m.get(at.slice(0, len))!;
  };
  const perDay = count(10);
  const perMinute = count(16);
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const at of sorted) {
    // Seconds only when two check-ins share a minute (a test schedule, a quick retry).
    const time = perMinute(at) > 1 ? at.slice(11, 19) : at.slice(11, 16);
    let label = perDay(at) > 1 ? `${dayLabel(at)}${LINE}${time}` : dayLabel(at);
    for (let n = 2; used.has(label); n++) label = `${label.replace(/ #\d+$/, '')} #${n}`;
    used.add(label);
    out.set(at, label);
  }
  return out;
}

const fmt = (v: number, unit: string | null) => (unit === '%' ? `${v}%` : unit ? `${v} ${unit}` : `${v}`);

export function panelTitle(s: Series): string {
  const base = capitalise(s.unit && s.unit !== '%' ? `${s.name} (${s.unit})` : s.unit === '%' ? `${s.name} (%)` : s.name);
  return lowerIsBetter(s.name) ? `${base}, lower is better` : base;
}

const PANEL = { width: 300, height: 150 };

function panel(s: Series, labels: Map<string, string>, order: string[]): Record<string, unknown> {
  const values = s.points.map((p) => ({ x: labels.get(p.at)!, value: p.value }));
  const nums = s.points.map((p) => p.value);
  const integer = nums.every((n) => Number.isInteger(n));
  const previous = s.points.length >= 2 ? s.points[s.points.length - 2]!.value : null;
  // Counts and percentages start at zero unless that would flatten a small change out of sight.
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  const zero = min >= 0 && (max === 0 || min <= max * 0.5);
  const y = {
    field: 'value',
    type: 'quantitative',
    title: null,
    scale: { zero, nice: true, padding: 14 },
    axis: { tickCount: 5, ...(integer ? { tickMinStep: 1, format: 'd' } : {}) },
  };
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'line', point: { size: 60, filled: true }, clip: false, strokeWidth: 2 },
      encoding: {
        x: { field: 'x', type: 'ordinal', sort: order, title: null, scale: { padding: 0.6 }, axis: { labelAngle: 0, labelOverlap: false, labelExpr: `split(datum.label, '${LINE}')` } },
        y,
      },
    },
  ];
  if (previous !== null) {
    // The reading before the latest: how far the last point moved is read against it.
    layers.unshift({
      data: { values: [{ value: previous }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#888', clip: false },
      encoding: { y: { field: 'value', type: 'quantitative' } },
    });
  }
  return {
    title: { text: panelTitle(s), anchor: 'start', fontSize: 13, ...(previous !== null ? { subtitle: `dashed line: the reading before, ${fmt(previous, s.unit)}`, subtitleColor: '#666' } : {}) },
    width: PANEL.width,
    height: PANEL.height,
    data: { values },
    layer: layers,
    resolve: { scale: { y: 'shared' } },
  };
}

export async function renderChartSvg(series: readonly Series[]): Promise<string> {
  const labels = pointLabels(series.flatMap((s) => s.points.map((p) => p.at)));
  const order = [...labels.values()];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 16,
    columns: Math.min(2, series.length),
    concat: series.map((s) => panel(s, labels, order)),
    resolve: { scale: { y: 'independent', x: 'independent' } },
    config: { font: 'DejaVu Sans', view: { stroke: null }, concat: { spacing: 36 } },
  } as unknown as TopLevelSpec;
  const [{ View, parse }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The words a screen reader says instead of the picture. */
export function chartAlt(series: readonly Series[]): string {
  const labels = pointLabels(series.flatMap((s) => s.points.map((p) => p.at)));
  const parts = series.map((s) => {
    const pts = s.points.map((p) => `${fmt(p.value, s.unit)} on ${labels.get(p.at)!.replace(LINE, ' ')}`).join(', ');
    return `${capitalise(s.name)}${lowerIsBetter(s.name) ? ' (lower is better)' : ''}: ${pts}`;
  });
  return `Trend of the numbers reported in check-ins. ${parts.join('. ')}.`;
}

/** PNG width and height from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** At most this many panels: three rows of two still read on a phone. */
export const MAX_PANELS = 6;

/**
 * One PNG with a panel per metric reported at least twice; null when none is. Rendered at
 * twice the size so it stays sharp on high-density screens.
 */
export async function checkinChart(records: readonly CheckIn[]): Promise<FileReply | null> {
  const series = metricSeries(records)
    .filter((s) => s.points.length >= 2)
    .slice(0, MAX_PANELS);
  if (!series.length) return null;
  const svg = await renderChartSvg(series);
  const { Resvg } = await import('@resvg/resvg-js');
  const png = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  return {
    kind: 'file',
    filename: 'checkin-trends.png',
    mimeType: 'image/png',
    title: `Trends: ${series.map((s) => s.name).join(', ')}`,
    content: Buffer.from(png).toString('base64'),
    encoding: 'base64',
    alt: chartAlt(series),
  };
}
