// Which planned tactic a phrase names: by shared words ("the emails" = "onboarding emails"),
// by abbreviation ("QBR" = "quarterly business review"), never by a shared word alone when
// the phrase names another kind of thing ("onboarding emails" is not "onboarding call").

const STOP = new Set(
  ('the a an our their my we us it its and or of to for with on in at by this that these those all both was were is are be been ' +
    'ran run did do done went out sent new some more again also just too them they he she each every one two three ' +
    'el la los las de del y le les des du et der die das und o os da do e').split(' '),
);

/** Words that say nothing about which tactic is meant. */
const GENERIC = new Set('program thing stuff tactic plan initiative idea project bit part one'.split(' '));

/** Kinds of tactic: a phrase naming one kind does not name a tactic of another kind. */
const KINDS = new Set(
  ('call email newsletter review visit survey event webinar dinner checkin meetup discount message sms text post guide gift note card ' +
    'letter video workshop session demo training reminder offer voucher coupon referral community forum group chat guarantee box sample ' +
    'class podcast blog report dashboard whatsapp slack tour lunch breakfast party giveaway contest scheme reward point loyalty').split(' '),
);

const SYNONYM: Record<string, string> = {
  mail: 'email',
  mailing: 'email',
  emailing: 'email',
  emailed: 'email',
  phone: 'call',
  ring: 'call',
  programme: 'program',
  meeting: 'call',
  promo: 'offer',
  promotion: 'offer',
  llamadas: 'call',
  appels: 'call',
  correo: 'email',
  courriel: 'email',
  llamada: 'call',
  appel: 'call',
  anruf: 'call',
  ligação: 'call',
  visite: 'visit',
  visita: 'visit',
  besuch: 'visit',
  encuesta: 'survey',
  enquête: 'survey',
  umfrage: 'survey',
  pesquisa: 'survey',
  rewards: 'reward',
  points: 'point',
};

function stem(w: string): string {
  let s = w;
  if (s.length > 4 && s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss')) s = s.slice(0, -1);
  return SYNONYM[s] ?? SYNONYM[w] ?? s;
}

/** Content words, lower-cased and folded: "the Check-in calls" → ["checkin", "call"]. */
export function tacticWords(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/\bcheck[- ]?ins?\b/g, 'checkin')
    .replace(/\be-?mails?\b/g, 'email')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map(stem);
}

/** "quarterly business review" → "qbr"; empty for one-word tactics. */
export function acronym(s: string): string {
  const ws = s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !/^(?:the|a|an|our|of|and|for|to)$/.test(w));
  return ws.length >= 2 ? ws.map((w) => w[0]).join('') : '';
}

function abbreviates(phrase: string, tactic: string): boolean {
  const short = acronym(tactic);
  if (short.length >= 2) {
    const re = new RegExp(`(?<![\\p{L}])${short}s?(?![\\p{L}])`, 'iu');
    if (re.test(phrase)) return true;
  }
  // The plan says "QBR" and the answer spells it out.
  const plain = tactic.trim();
  if (/^[A-Za-z]{2,5}s?$/.test(plain) && plain === plain.toUpperCase()) {
    const long = acronym(phrase);
    if (long.includes(plain.replace(/s$/, '').toLowerCase())) return true;
  }
  return false;
}

/** How strongly a phrase names a tactic: 0 for not at all. */
export function nameScore(phrase: string, tactic: string): number {
  if (abbreviates(phrase, tactic)) return 10;
  const said = new Set(tacticWords(phrase));
  const all = tacticWords(tactic);
  const planned = all.filter((w) => !GENERIC.has(w));
  const core = planned.length ? planned : all;
  const shared = core.filter((w) => said.has(w)).length;
  if (shared === 0) return 0;
  const plannedKinds = core.filter((w) => KINDS.has(w));
  const otherKind = [...said].some((w) => KINDS.has(w) && !core.includes(w));
  // "the onboarding emails" against "onboarding call": a different kind of thing.
  if (otherKind && !plannedKinds.some((k) => said.has(k))) return 0;
  return shared + (shared === core.length ? 0.5 : 0);
}

/** The planned tactics a phrase names; ties all count ("the onboarding" may be either). */
export function plannedNamed(phrase: string, planned: readonly string[]): string[] {
  let best = 0;
  let out: string[] = [];
  for (const p of planned) {
    const score = nameScore(phrase, p);
    if (score <= 0) continue;
    if (score > best) {
      best = score;
      out = [p];
    } else if (score === best) out.push(p);
  }
  return out;
}
