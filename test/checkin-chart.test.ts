import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReplies } from '../src/adapters/terminal/render.ts';
import { historyReplies } from '../src/checkins/feedback.ts';
import { silentLogger } from '../src/log.ts';
import { checkinChart, metricSeries, panelTitle, pngSize, pointLabels, renderChartSvg } from '../src/checkins/chart.ts';
import type { CheckIn } from '../src/core/checkin.ts';

// Item 4 of issue 11: one picture per check-in, a panel per number, readable axes.

const rec = (at: string, metrics: [string, number, string | null][]): CheckIn => ({
  v: 1,
  id: at,
  at,
  authors: [],
  tacticsRun: [],
  metrics: metrics.map(([name, value, unit]) => ({ name, value, unit, previous: null, change: null })),
  learned: null,
  next: null,
  mood: 'on_track',
  scheduled: false,
  via: 'offline',
});

// Newest first, as the store keeps them; two on the same day.
const records = [
  rec('2026-11-25T15:00:00.000Z', [['churn', 3.9, '%'], ['NPS', 31, null]]),
  rec('2026-11-25T09:00:00.000Z', [['churn', 4.5, '%'], ['NPS', 30, null]]),
  rec('2026-11-18T09:00:00.000Z', [['churn', 6, '%'], ['NPS', 28, null]]),
];

describe('the check-in chart', () => {
  it('renders one PNG with a panel for each of two metrics, side by side', async () => {
    const file = await checkinChart(records);
    expect(file).not.toBeNull();
    const png = Buffer.from(file!.content, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const { width, height } = pngSize(png);
    // Two 300-pixel panels side by side at twice the size: wide, not a tall stack of charts.
    expect(width).toBeGreaterThan(1200);
    expect(width).toBeLessThan(1800);
    expect(height).toBeGreaterThan(300);
    expect(height).toBeLessThan(700);
    expect(file!.filename).toBe('checkin-trends.png');
    expect(file!.alt).toBe(
      'Trend of the numbers reported in check-ins. Churn (lower is better): 6% on 18 Nov, 4.5% on 25 Nov 09:00, 3.9% on 25 Nov 15:00. NPS: 28 on 18 Nov, 30 on 25 Nov 09:00, 31 on 25 Nov 15:00.',
    );
  });

  it('is one panel tall for one metric, and nothing when no number was reported twice', async () => {
    const one = await checkinChart(records.map((r) => ({ ...r, metrics: r.metrics.slice(0, 1) })));
    const { width } = pngSize(Buffer.from(one!.content, 'base64'));
    expect(width).toBeLessThan(900);
    expect(await checkinChart(records.slice(0, 1))).toBeNull();
  });

  it('labels same-day check-ins with their time, notes lower is better, uses whole-number ticks for counts', async () => {
    const labels = [...pointLabels(records.map((r) => r.at)).values()];
    expect(labels).toEqual(['18 Nov', '25 Nov|09:00', '25 Nov|15:00']);
    expect([...pointLabels(['2026-11-25T09:00:00.000Z', '2026-11-25T09:00:30.000Z']).values()]).toEqual(['25 Nov|09:00:00', '25 Nov|09:00:30']);
    expect(new Set(pointLabels(['2026-11-25T09:00:00.100Z', '2026-11-25T09:00:00.200Z']).values()).size).toBe(2);
    const [churn, nps] = metricSeries(records);
    expect(panelTitle(churn!)).toBe('Churn (%), lower is better');
    expect(panelTitle(nps!)).toBe('NPS');
    const svg = await renderChartSvg([nps!]);
    // NPS moves by whole points: no 28.5 tick.
    expect(svg).not.toMatch(/>\s*28\.5\s*</);
    expect(svg).toContain('>29<');
    expect(svg).toContain('the reading before, 30');
  });

  it('history checkins in the terminal writes the one PNG to a file and prints its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-chart-'));
    try {
      const replies = await historyReplies(records, { charts: true, log: silentLogger });
      expect(replies.filter((r) => r.kind === 'file')).toHaveLength(1);
      const out = renderReplies(replies, { color: false, filesDir: dir });
      const path = /saved to (\S+\.png)/.exec(out)?.[1];
      expect(path?.startsWith(dir)).toBe(true);
      expect(pngSize(readFileSync(path!)).width).toBeGreaterThan(1200);
      expect(out).toContain('Churn (lower is better): 6% on 18 Nov');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
