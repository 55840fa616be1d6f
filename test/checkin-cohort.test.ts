import { afterEach, describe, expect, it } from 'vitest';
import { renderReplies as slackRender } from '../src/adapters/slack/render/messages.ts';
import { renderReplies as teamsRender } from '../src/adapters/teams/render/activities.ts';
import { cohortRows } from '../src/checkins/cohort.ts';
import { createCheckinModule } from '../src/checkins/module.ts';
import { addRecord, saveStats, teamIdOf } from '../src/checkins/store.ts';
import type { CheckIn } from '../src/core/checkin.ts';
import type { CardReply, FileReply } from '../src/core/reply.ts';
import { silentLogger } from '../src/log.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { ctxFor, planDesign, said, say, slackKey, storeDesign } from './checkin-support.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';

// Item 3 of issue 11: the programme manager sees who needs a look first, and why.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function redisStores(): Promise<Stores> {
  const prefix = uniquePrefix('ckc');
  const stores = await createStores({ redisUrl: testRedisUrl(), prefix, log: silentLogger });
  cleanups.push(async () => {
    await stores.close();
    await deleteKeys(prefix);
  });
  return stores;
}

const record = (at: string, metrics: [string, number, string | null][], over: Partial<CheckIn> = {}): CheckIn => ({
  v: 1,
  id: at,
  at,
  authors: [],
  tacticsRun: ['onboarding emails'],
  metrics: metrics.map(([name, value, unit]) => ({ name, value, unit, previous: null, change: null })),
  learned: null,
  next: null,
  mood: 'at_risk',
  moodSaid: false,
  scheduled: true,
  via: 'offline',
  ...over,
});

const LONG = 'Sprout: weekly vegetable boxes from local farms for busy families in the city, delivered by bike on Thursdays';

async function seed() {
  const stores = await redisStores();
  const team = async (channel: string, description: string, records: CheckIn[], stats: { asked: number; answered: number; unanswered: number }, findings = false) => {
    const design = planDesign();
    design.business.description = description;
    if (!findings) design.findings = [];
    const key = slackKey(channel, `1700000000.${channel}`);
    await storeDesign(stores.kv, key, design);
    for (const r of [...records].reverse()) await addRecord(stores.kv, teamIdOf(key), r);
    await saveStats(stores.kv, teamIdOf(key), { ...stats, lastAskedAt: null, lastThread: null });
  };
  // Healthy: churn fell from 6% to 3.9%; the mood was inferred, never said.
  await team('CA', LONG, [record('2026-11-20T10:00:00.000Z', [['churn', 3.9, '%']]), record('2026-11-13T10:00:00.000Z', [['churn', 6, '%']])], { asked: 2, answered: 2, unanswered: 0 });
  // Worsening: churn rose.
  await team('CB', 'Lendit: tool rental for neighbours', [record('2026-11-20T10:00:00.000Z', [['churn', 5.2, '%'], ['NPS', 31, null]]), record('2026-11-13T10:00:00.000Z', [['churn', 4, '%'], ['NPS', 30, null]])], { asked: 2, answered: 2, unanswered: 0 });
  // Silent for three check-ins; the last answer, weeks ago, said "on track".
  await team('CC', 'Quietly: a meditation app', [record('2026-10-30T10:00:00.000Z', [['churn', 2, '%']], { mood: 'on_track', moodSaid: true })], { asked: 4, answered: 1, unanswered: 3 });
  // A design finding that loses money, no check-ins yet.
  const money = planDesign();
  money.business.description = '=HYPERLINK("x") Boxful: office snacks';
  money.findings = [{ segmentId: money.segments[1]!.id, code: 'cost_exceeds_revenue', severity: 'warning', message: 'Keeping an Agencies customer costs more than it pays' }];
  await storeDesign(stores.kv, slackKey('CD', '1700000000.CD'), money);
  return stores;
}

const ADMIN = { author: { id: 'UADMIN' } };

describe('the cohort view', () => {
  it('puts the silent team and the worsening team above the healthy one, and says why', async () => {
    const stores = await seed();
    const rows = await cohortRows(stores.kv, { platform: 'slack', workspace: 'T1' });
    expect(rows.map((r) => [r.channel, r.risk])).toEqual([
      ['CC', 'silent'],
      ['CB', 'at_risk'],
      ['CD', 'watch'],
      ['CA', 'healthy'],
    ]);
    expect(rows[1]!.reasons).toEqual(['churn moving the wrong way']);
    expect(rows[2]!.reasons).toEqual(['loses money on the relationship with Agencies']);
  });

  it('shows numbers with arrows, answered/asked, the top finding and the stated mood; never "on track" for a silent team', async () => {
    const stores = await seed();
    const module = createCheckinModule({ cohort: { channels: [], admins: ['UADMIN'] } });
    const replies = await say(module, await ctxFor(stores.kv, slackKey('C9'), 'cohort', ADMIN));
    const card = replies[0] as CardReply;
    expect(card.compact).toBe(true);
    const section = (channel: string) => card.sections.find((s) => s.heading.includes(`(channel ${channel})`))!;
    const silent = [section('CC').heading, ...section('CC').lines].join('\n');
    expect(silent).toContain('Risk: silent: silent for 3 check-ins');
    expect(silent).toContain('Check-ins: 1 of 4 answered, last 2026-10-30');
    expect(silent).toContain('Mood: unknown, no answer since 2026-10-30');
    expect(silent).not.toMatch(/on track/);
    expect(section('CB').lines).toContain('Numbers: churn 4% ↑ 5.2% (worse), NPS 30 ↑ 31 (better)');
    // A falling churn is good news: no risk inferred from it, and no guessed mood shown.
    const healthy = section('CA');
    expect(healthy.heading).toContain(LONG); // the whole description, not clipped at 60 characters
    expect(healthy.lines).toContain('Numbers: churn 6% ↓ 3.9% (better)');
    expect(healthy.lines).toContain('Risk: no risk seen');
    expect(healthy.lines).toContain('Mood: not stated');
    expect(section('CD').lines).toContain('Top finding: Keeping an Agencies customer costs more than it pays');
    expect(said(replies)).toContain('Need a look: 2 of 4');
  });

  it('renders as a compact card: Slack fields and a Teams FactSet, one block per team', async () => {
    const stores = await seed();
    const module = createCheckinModule({ cohort: { channels: [], admins: ['UADMIN'] } });
    const replies = await say(module, await ctxFor(stores.kv, slackKey('C9'), 'cohort', ADMIN));
    const [message] = slackRender(replies);
    const blocks = message!.kind === 'blocks' ? message!.blocks : [];
    const teams = blocks.filter((b) => b.type === 'section' && Array.isArray(b.fields));
    expect(teams).toHaveLength(5); // four teams and the cohort totals
    expect(JSON.stringify(teams[0])).toContain('*Risk*\\nsilent');
    const activity = teamsRender(replies)[0]!;
    const body = activity.attachments![0]!.content.body;
    const containers = body.filter((e) => e.type === 'Container');
    expect(containers).toHaveLength(5);
    expect(JSON.stringify(containers[1])).toContain('"title":"Numbers","value":"churn 4% ↑ 5.2% (worse), NPS 30 ↑ 31 (better)"');
  });

  it('cohort export csv sends a CSV file, riskiest first, safe to open in a spreadsheet', async () => {
    const stores = await seed();
    const module = createCheckinModule({ cohort: { channels: [], admins: ['UADMIN'] } });
    const [file] = (await say(module, await ctxFor(stores.kv, slackKey('C9'), 'cohort export csv', ADMIN))) as FileReply[];
    expect(file).toMatchObject({ kind: 'file', mimeType: 'text/csv', encoding: 'utf8' });
    expect(file!.filename).toMatch(/^cohort-T1-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = file!.content.trimEnd().split('\r\n');
    expect(lines[0]).toBe('team,channel,risk,why,checkins_asked,checkins_answered,unanswered_in_a_row,last_checkin,last_numbers,moving_wrong_way,top_finding,last_stated_mood,segments');
    expect(lines.slice(1).map((l) => /,(C[A-D]),/.exec(l)?.[1])).toEqual(['CC', 'CB', 'CD', 'CA']);
    expect(lines[1]).toBe('Quietly: a meditation app,CC,silent,silent for 3 check-ins,4,1,3,2026-10-30,churn 2%,,,,Freelance designers; Agencies');
    expect(lines[3]).toMatch(/^"'=HYPERLINK\(""x""\) Boxful: office snacks",CD,watch,/);
  });

  it('is for admins by default; a channel only when opted in', async () => {
    const stores = await seed();
    const closed = createCheckinModule({ cohort: { channels: [], admins: ['UADMIN'] } });
    for (const text of ['cohort', 'cohort export csv']) {
      const refused = await say(closed, await ctxFor(stores.kv, slackKey('CPM'), text, { author: { id: 'U1' } }));
      expect(said(refused)).toMatch(/^Sorry, the cohort view is only open to the programme team/);
      expect(said(refused)).not.toContain('Lendit');
    }
    const opted = createCheckinModule({ cohort: { channels: ['CPM'], admins: [] } });
    expect(said(await say(opted, await ctxFor(stores.kv, slackKey('CPM'), 'cohort', { author: { id: 'U1' } })))).toContain('Cohort: 4 teams in T1');
  });
});
