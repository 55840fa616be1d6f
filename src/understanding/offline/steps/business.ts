import type { ExtractionOf } from '../../../core/extraction.ts';
import { present, type Cue } from '../match.ts';
import { clip, hasWords, tidy } from '../text.ts';

// The business in one line, kept as the team wrote it but without the greeting and the
// name ("hi! we're Maison Vela, a small … boutique" → "a small … boutique"), plus whether
// it is a marketplace or platform serving two groups.

const SIDES = String.raw`buyers|sellers|hosts|guests|drivers|riders|freelancers|clients|brands|creators|advertisers|tutors|students|landlords|tenants|vendors|suppliers|patients|doctors`;
const PLATFORM = String.raw`platform|plataforma|plateforme|plattform|app|appli`;

const TWO_SIDED: readonly Cue<boolean>[] = [
  // Buying and reselling, owning the stock: a shop, whatever it calls itself.
  [false, String.raw`one[- ]sided|single[- ]sided|not\s+(?:a\s+)?(?:marketplace|platform|two[- ]sided)|(?:marketplace|platform)[- ]?ish\s+but\s+not\s+really|(?:we\s+)?(?:buy|buys|bought)\s+(?:\p{L}+\s+){0,5}(?:and|then|to)\s+(?:re)?sell|resell(?:s|ing)?\s+it|we\s+own\s+the\s+(?:stock|inventory)|(?:own|hold)\s+(?:all\s+)?(?:the\s+|our\s+own\s+)?inventory`],
  [
    true,
    [
      String.raw`two[- ]sided|multi[- ]sided|(?:online\s+)?marketplaces?|market\s+place|marktplatz|both\s+sides|peer[- ]to[- ]peer|p2p`,
      String.raw`(?:${SIDES})\s+(?:and|&|with|to)\s+(?:${SIDES})`,
      String.raw`(?:${PLATFORM})\s+(?:that\s+)?(?:connect(?:s|ing)?|match(?:es|ing)?|link(?:s|ing)?)`,
      String.raw`(?<!(?:through|via|on|from)\s+(?:the\s+|a\s+)?)(?:platform|plataforma|plateforme|plattform)\s+(?:where|for\s+\w+\s+to|wo|onde|donde|o[ùu])`,
      String.raw`connect(?:s|ing)?\s+\w+(?:\s+\w+)?\s+(?:with|and|to)\s+\w+|match(?:es|ing)?\s+\w+(?:\s+\w+)?\s+with\s+\w+`,
      String.raw`conecta(?:mos)?\s+(?:a\s+)?\w+|(?:que|qui)\s+(?:liga|une|relie)\s+\w+|met(?:tons)?\s+en\s+relation|verbindet\s+\w+|vermittel[nt]\s+\w+`,
      String.raw`ad[- ]?(?:supported|platform|network|funded)|advertisers?\s+(?:pay|do)|brands\s+pay|(?:users|readers|players|listeners|viewers)\s+(?:don'?t|do\s+not|never)\s+pay|pay(?:ing)?\s+(?:us\s+)?for\s+(?:ads|advertising|featured|placements?|sponsored)`,
      // A commission on each deal is how a platform between two groups earns.
      String.raw`(?:we|on|wir)\s+(?:take|keep|charge|prend(?:s|re)?|nehmen|cobramos)\s+(?:a\s+|an\s+|eine\s+|un\s+|une\s+)?(?:~?\d+\s?%|commission|cut|fee\s+per|provision|comisi[óo]n|comiss[ãa]o)`,
      String.raw`pays?\s+us\s+(?:a\s+)?(?:~?\d+\s?%|commission|cut|fee\s+per)|nos\s+quedamos\s+(?:con\s+)?(?:un\s+)?~?\d+\s?%|(?:keep|get|gets|fica\s+com|ficam\s+com|se\s+queda(?:n)?\s+con)\s+~?\d+\s?%(?!\s+(?:off|discount))`,
    ].join('|'),
  ],
];

// "Acme Corp, we sell glue": the name before the team speaks.
const NAME_FIRST = /^\p{Lu}[\p{L}\d'&.]*(?:\s+\p{Lu}[\p{L}\d'&.]*){0,3}\s*(?:,|\s-\s|:)\s*(?=(?:we|we're|nous|on|wir|somos|nosotros|n[óo]s)\s)/u;

const GREETING =
  /^(?:(?:hi+|hey+|hello|hiya|yo|morning|good\s+(?:morning|afternoon|evening)|hola|buenas|salut|bonjour|coucou|hallo|moin|servus|oi|ol[áa]|bom\s+dia|boa\s+tarde)(?![\p{L}])(?:\s+(?:there|all|team|everyone))?[\s!,.👋🙂😊]*)+/iu;

// "we're Maison Vela, a …", "somos a Cafuné, uma …", "wir sind Radwerk, eine …"
const WE_ARE_NAME = new RegExp(
  String.raw`^(?:so\s+|ok\s+)?(?:(?:i'm|im|i\s+am|this\s+is)\s+\p{Lu}\p{Ll}+\s+(?:from|at|of|here\s+from)|we're|we\s+are|were|we\s+r|i'm|i\s+am|this\s+is|it's|somos|soy|on\s+est|nous\s+sommes|c'est|wir\s+sind|ich\s+bin|das\s+ist|sou|eu\s+sou)\s+(?:(?:a|o|la|el|le|les)\s+)?\p{Lu}[\p{L}\d'&.]*(?:\s+\p{Lu}[\p{L}\d'&.]*){0,3}\s*(?:,|\s-\s|:)\s*`,
  'u',
);

/** Sentences that are not about the business: meta-talk, questions, instructions to the bot. */
const OFF =
  /\b(?:figuring\s+out|how\s+to\s+(?:describe|explain)|not\s+sure|no\s+idea|idk|dunno|what\s+do\s+you\s+mean|what\s+you\s+mean|who\s+is\s+this|ignore\s+(?:all\s+)?(?:previous|prior|the\s+above)|(?:print|reveal|show)\s+(?:me\s+)?your\s+(?:system\s+)?prompt|lunch|ni\s+idea|preg[úu]ntale|c'est\s+quoi|la\s+question|je\s+sais\s+pas|keine\s+ahnung|depois\s+eu\s+respondo|n[ãa]o\s+sei|later|luego\s+te\s+digo|plus\s+tard)\b|^(?:lol|haha+|jaja+|kkk+|mdr|ok|okay)\W*$/i;

const HEDGE = /^(?:(?:tbh|honestly|ok(?:ay)?|so|well|um+|hmm+|basically|alright|right)[\s,:]+)+/i;

export function readBusiness(text: string): ExtractionOf<'business'> {
  if (!hasWords(text)) return { description: null, twoSided: null };
  // Questions back ("lunch at 12?") and meta-talk are not the business.
  const sentences = text
    .slice(0, 1500)
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((s) => s.replace(GREETING, '').trim())
    .filter((s) => s && !/\?[\s\p{So}]*$/u.test(s) && !/^(?:did|does|who|why|can|could|wait)\b/i.test(s) && !OFF.test(s))
    .map((s) => tidy(s.replace(HEDGE, '').replace(WE_ARE_NAME, '').replace(NAME_FIRST, '')));
  const line = sentences.find((s) => hasWords(s) && s.split(/\s+/).length >= 2) ?? sentences.find((s) => /\p{L}{4,}/u.test(s)) ?? null;
  if (!line) return { description: null, twoSided: null };
  // A business described with no sign of a platform between two groups is one-sided.
  // A sign that it is a shop ("we buy and resell") outweighs the word "marketplace".
  const sides = present(text, TWO_SIDED);
  return { description: clip(line, 240), twoSided: sides.includes(false) ? false : (sides[0] ?? false) };
}
