import { Resvg } from '@resvg/resvg-js';
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { capitalise, metricKey, type CheckIn } from '../core/checkin.ts';
import type { FileReply } from '../core/reply.ts';

// Trend charts: vega-lite spec → vega view rendered headless to SVG → resvg → PNG.
// No canvas and no browser, so it runs on any machine the bot runs on.

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

export async function renderTrendSvg(series: Series): Promise<string> {
  const title = capitalise(series.unit ? `${series.name} (${series.unit})` : series.name);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 480,
    height: 220,
    background: 'white',
    title,
    data: { values: series.points },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'at', type: 'temporal', title: null, axis: { format: '%d %b', labelOverlap: true } },
      y: { field: 'value', type: 'quantitative', title: series.unit ?? null, scale: { zero: false } },
    },
    config: { font: 'DejaVu Sans' },
  };
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function trendChart(series: Series): Promise<FileReply> {
  const svg = await renderTrendSvg(series);
  const png = new Resvg(svg, { background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  const slug = metricKey(series.name).replace(/[^a-z0-9]+/g, '-') || 'metric';
  return {
    kind: 'file',
    filename: `trend-${slug}.png`,
    mimeType: 'image/png',
    title: `Trend: ${series.name}`,
    content: Buffer.from(png).toString('base64'),
    encoding: 'base64',
  };
}

/** Charts for every metric with at least two points, at most `limit` of them. */
export async function trendCharts(records: readonly CheckIn[], limit = 4): Promise<FileReply[]> {
  const series = metricSeries(records).filter((s) => s.points.length >= 2).slice(0, limit);
  return Promise.all(series.map(trendChart));
}
