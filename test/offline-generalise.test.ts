import { describe, expect, it } from 'vitest';
import { offlineExtract } from '../src/understanding/offline/index.ts';

// The general rules added from the first held-out set, checked on answers written for
// this file (not the held-out ones): each phrasing family in more than one wording.

const names = (answer: string) => offlineExtract('segments', answer).segments.map((s) => s.name);
const types = (answer: string) => offlineExtract('relationship', answer).types;
const stance = (answer: string) => offlineExtract('expectations', answer).breakNorm;
const cost = (answer: string) => offlineExtract('cost', answer, {});

describe('answers that are no answer', () => {
  it.each([
    ['business', 'why do you need to know that? just give me the canvas'],
    ['segments', 'idk, isn’t that your job?'],
    ['touchpoints', 'later, we’ll think about it next week'],
    ['competitors', 'oops wrong channel, that was meant for #sales'],
  ] as const)('%s: %s', (step, answer) => {
    const out = offlineExtract(step, answer, {}) as unknown as Record<string, unknown>;
    const values = Object.values(out).flatMap((v) => (Array.isArray(v) ? v : v === null ? [] : [v]));
    expect(values).toEqual([]);
  });

  it('keeps a real answer that pushes back in passing', () => {
    expect(offlineExtract('business', 'we sell glue to carpenters, you tell me who else buys it').description).toMatch(/glue/);
  });
});

describe('segments ruled out in other words', () => {
  it.each([
    ['gyms and yoga studios. personal trainers? nah, not for us', ['Gyms', 'Yoga studios']],
    ['dentists, physios. we stopped selling to hospitals, too slow', ['Dentists', 'Physios']],
    ['cafés + bakeries. chains are out, they have procurement', ['Cafés', 'Bakeries']],
    ['restaurantes y hoteles. las cadenas las descartamos', ['Restaurantes', 'Hoteles']],
    ['Cafés und Bäckereien. Ketten lassen wir weg', ['Cafés', 'Bäckereien']],
    ['dois lados: motoristas e passageiros. empresas deixamos de fora por enquanto', ['Motoristas', 'Passageiros']],
    ['florists, NOT wedding planners, they book through agencies', ['Florists']],
  ])('%s', (answer, want) => expect(names(answer)).toEqual(want));

  it('reads "=" and "->" as a name and what it means', () => {
    expect(names('B2B = HR teams at 50-200 ppl companies; B2C = staff who pay themselves')).toEqual(['HR teams', 'Staff']);
    expect(names('HR teams -> they buy. employees -> they use it')).toEqual(['HR teams', 'Employees']);
  });
});

describe('relationship types said indirectly', () => {
  it.each([
    ['one account lead per brand, quarterly reviews', 'dedicated_personal_assistance'],
    ['every clinic gets its own onboarding specialist', 'dedicated_personal_assistance'],
    ['cada cliente tiene su propio asesor', 'dedicated_personal_assistance'],
    ['jeder Kunde hat einen festen Ansprechpartner', 'dedicated_personal_assistance'],
    ['customers book online themselves, no calls', 'self_service'],
    ['los clientes lo hacen todo solos desde la app', 'self_service'],
    ['a real person answers the hotline on weekdays', 'personal_assistance'],
    ['the algorithm matches tutors to students', 'automated_service'],
    ['members post reviews and share their routines, that is the content', 'co_creation'],
    ['on les appelle si on voit que l’usage baisse', 'proactive_monitoring'],
  ])('%s', (answer, type) => expect(types(answer)).toContain(type));
});

describe('following or breaking the norm', () => {
  it.each([
    ['they expect a rep to visit, everyone does. we’ll keep doing it', false],
    ['they want someone on the phone, industry standard. no way we’re doing that', true],
    ['los clientes esperan una visita mensual, es lo habitual. nosotros no lo vamos a hacer', true],
    ['les clients attendent un appel par semaine, c’est la norme. on ne va pas le faire', true],
  ] as const)('%s', (answer, breaks) => expect(stance(answer)).toBe(breaks));
});

describe('cost arithmetic', () => {
  it('divides a lead’s price by the share that converts', () => {
    expect(cost('each lead costs $25 and 1 in 5 becomes a customer').acquisition?.value).toBe(125);
    expect(cost('ads cost us $3k/month, that brings in ~60 signups, 25% of them convert').acquisition?.value).toBe(200);
  });

  it('multiplies our cut of an order by how often customers order', () => {
    expect(cost('our cut is 20% on a $50 order, customers order twice a month').revenue).toMatchObject({ value: 20, per: 'month' });
  });

  it('reads hours before a rate and a price corrected on the spot', () => {
    expect(cost('setup takes 4 hours at €40, one-off. they pay €30 a month').relationship).toMatchObject({ value: 160, per: 'one_off' });
    expect(cost('a box is €40, no sorry €45, families take 1 a month').revenue).toMatchObject({ value: 45, per: 'month' });
  });

  it('records a side that pays nothing', () => {
    expect(cost('drivers cost us about €2 a month each in sms, they don’t pay anything').revenue).toMatchObject({ value: 0 });
  });
});
