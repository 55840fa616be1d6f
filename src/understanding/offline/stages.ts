import type { Cue } from './match.ts';
import type { Stage } from './tactics.ts';

// What a clause does to the customer, in five languages: win them ("get them via", "find
// us through", "captar", "gewinnen"), keep them ("come back", "stay because", "fidéliser",
// "halten") or grow them ("upsell", "expand to", "venta cruzada"). Labels ("keep:") too.

const THEM = String.raw`(?:\s+(?:them|em|'em|ppl|people|customers|clients|users|hosts|guests|kids|patients|regulars|buyers|the\s+\w+))?`;

export const CLAUSE_STAGE_CUES: readonly Cue<Stage>[] = [
  [
    'acquisition',
    [
      String.raw`(?:to\s+|we\s+|and\s+)?(?:get|win|acquire|attract|land|capture|reach)${THEM}(?:\s+in)?(?:\s+(?:via|through|thru|from|at|with|by|on|mostly))*`,
      String.raw`getting\s+new\s+(?:ones|\w+)|winning${THEM}|acquisition|acquiring|for\s+new\s+\w+`,
      String.raw`(?:find|finds|found)\s+(?:us|them)(?:\s+(?:on|through|thru|via|at|in|from))?|brings?\s+(?:ppl|people|them|customers|\w+)\s+in|brings?\s+(?:in\s+)?(?:the\s+|our\s+)?(?:leads|sign-?ups)|sign\s+up\s+after`,
      String.raw`new\s+(?:ones|customers|clients|users|patients|accounts|pubs|logos|people|members|students)(?:\s+(?:just|mostly|usually|honestly))*(?:\s+(?:come|comes|arrive|find\s+us|get\s+here))?(?:\s+(?:mostly|usually))?(?:\s+(?:from|through|thru|via|by|at))?`,
      String.raw`(?:come|comes)\s+(?:to\s+us\s+)?(?:mostly\s+)?(?:from|through|thru|via)`,
      // es / pt
      String.raw`(?:los\s+|las\s+)?conseguimos|consegue(?:mos)?|capt(?:amos\s+clientes|ar|amos|a(?:mos)?)|atra(?:emos|e|i|[íi]mos)(?:\s+clientes)?|conquist(?:ar|amos|a)(?:\s+clientes)?|captaci[oó]n|capta[cç][aã]o|atraer|atrair|conquistar|vienen\s+(?:por|de)|llegan\s+por|v[eê]m\s+(?:de|por|pelo|pela)`,
      String.raw`(?:their|his|her|our)\s+(?:friends|colleagues|peers|neighbou?rs)\s+(?:join|sign\s+up|come)|pour\s+les\s+trouver|para\s+(?:encontrar|conseguir)(?:los|las)?|um\s+sie\s+zu\s+finden`,
      // fr
      String.raw`on\s+les\s+trouve|(?:on\s+les\s+)?attir(?:er|e|ons)|les\s+nouveaux\s+arrivent\s+par|arrivent\s+par|acquisition`,
      // de
      String.raw`(?:neukunden\s+)?gewinnen(?:\s+wir)?(?:\s+über)?|neue\s+(?:kunden|leute)(?:\s+kommen)?\s+über|neukunden`,
    ].join('|'),
  ],
  [
    'retention',
    [
      String.raw`(?:to\s+|we\s+|and\s+|what\s+)?(?:keep|keeps|keeping|retain|retaining|hold\s+on\s+to)${THEM}(?:\s+(?:coming(?:\s+back)?|around|enrolled|opening\s+the\s+app|loyal))?(?:\s+(?:with|by|via|through))?`,
      String.raw`retention|(?:bring|brings|bringing)${THEM}\s+back|(?:come|comes|coming)\s+back(?:\s+(?:because|cause|cuz|bc|for))?|(?:stay|stays|stick\s+around)(?:\s+(?:because|cause|cuz|bc|for|with\s+us))?|so\s+they\s+(?:stay|come\s+back|return)|(?:they\s+)?renew(?:s|al)?(?:\s+(?:because|cause|cuz|bc|for))?|(?:the\s+\p{L}+\s+)?keeps\s+them(?:\s+(?:because|cause|cuz|bc))?|para\s+que\s+se\s+queden|pra\s+(?:que\s+)?fiquem|para\s+que\s+fiquem|pour\s+qu'ils\s+restent|damit\s+sie\s+bleiben`,
      // es / pt
      String.raw`(?:los\s+|las\s+)?mantenemos(?:\s+con)?|mantener|mant[eé]m(?:\s+com)?|manter|(?:los\s+|las\s+)?fideliz(?:ar|amos|a)(?:l[oa]s)?|reten(?:er|emos)|ret(?:er|emos)|reten[cç][aã]o|para\s+que\s+vuelvan|vuelven|voltam(?:\s+porque)?`,
      // fr
      String.raw`on\s+les\s+garde(?:\s+avec)?|garder|(?:on\s+les\s+)?fid[eé]lis(?:er|e|ons)|reviennent(?:\s+parce\s+qu(?:'|e\s))?`,
      // de
      String.raw`halten(?:\s+sie)?(?:\s+mit)?|binden(?:\s+sie)?(?:\s+mit)?|damit\s+sie\s+wiederkommen|kommen\s+(?:nicht\s+)?wieder`,
    ].join('|'),
  ],
  [
    'growth',
    [
      String.raw`(?:to\s+|we\s+|and\s+)?(?:up[- ]?sells?|upsel|upselling|up[- ]sell(?:ing)?|cross[- ]?sell(?:s|ing)?)|expansion|(?:expand|grow)(?:\s+(?:them|accounts?))?(?:\s+(?:to|into))?|add[- ]?ons?\s*:|grow\s*:|growth\s*:|(?:crecer|crescer|grandir|wachstum|wachsen|crecimiento|crescimento|croissance)\s*:|(?:pour\s+)?augmenter\s+le\s+panier|(?:to\s+)?grow\s*=|upsell\s*=`,
      String.raw`(?:try|trying|want|wants)\s+to\s+(?:sell|get\s+them\s+onto|push)|(?:sell|push)\s+them|push\s+them\s+to|sometimes\s+they\s+add|sell\s+more`,
      // es / pt
      String.raw`venta\s+cruzada|(?:les\s+)?ofrecemos|vender\s+m[aá]s|(?:e\s+depois\s+)?oferece(?:mos)?|vendemos\s+mais`,
      // fr
      String.raw`on\s+leur\s+propose|on\s+vend\s+aussi|vendre\s+plus|vente\s+crois[ée]e`,
      // de
      String.raw`verkaufen(?:\s+wir)?|bieten(?:\s+wir)?`,
    ].join('|'),
  ],
];

/** "not sure yet", "nothing yet", "no idea", "haven't figured out", "la verdad no sé": not a tactic. */
export const HEDGE =
  /\b(?:not\s+sure|unsure|no\s+idea|dunno|idk|tbd|nothing\s+(?:yet|really|so\s+far)|not\s+yet|haven'?t\s+(?:figured|thought|decided|worked|got|started)|have\s+not|don'?t\s+(?:know|have\s+(?:one|any|it)\s+yet)|(?:we'?re\s+)?thinking\s+about|no\s+plan|nothing\s+(?:for\s+that|at\s+all)|no\s+s[eé]|todav[ií]a\s+no|ni\s+idea|nada\s+(?:todav[ií]a|a[uú]n)|je\s+ne\s+sais\s+pas|pas\s+encore|aucune\s+id[eé]e|wei(?:ß|ss)\s+(?:ich\s+)?nicht|noch\s+nicht|keine\s+ahnung|n[aã]o\s+sei|ainda\s+n[aã]o)(?![\p{L}])/iu;

/** "they don't come back", "no upsell", "não vendemos mais nada": the stage has nothing. */
export const NONE_FOR_STAGE =
  /\b(?:don'?t|do\s+not|never|rarely|won'?t)\s+come\s+back|\bno\s+(?:upsells?|upselling|cross[- ]?sell\w*|retention|repeat\s+\w+)\b|\b(?:no|not)\s+(?:vuelven|voltam|reviennent)|kommen\s+nicht\s+wieder|\bno\s+vendemos\s+nada|n[aã]o\s+vendemos\s+(?:mais\s+)?nada|\bnothing\s+else\s+to\s+sell|\b(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+(?:really\s+)?apply|\bnot\s+(?:applicable|relevant)\b|no\s+aplica|ne\s+s'applique\s+pas|n[ãa]o\s+se\s+aplica|trifft\s+nicht\s+zu|\bne\s+les\s+gard(?:e|ons)\s+pas|\b(?:don'?t|do\s+not)\s+(?:really\s+)?keep\s+them|no\s+(?:los|las)\s+(?:mantenemos|retenemos)|n[ãa]o\s+(?:os|as)\s+(?:mantemos|retemos)|halten\s+sie\s+nicht/i;

/** Words around a cue that name no tactic ("we", "them", "is the main"). */
export const FILLER =
  /^(?:(?:we|they|i|los|las|lo|le|leur|nous|os|people|ppl|customers|clients|most|how|wie|sie|them|em|and|then|also|so|mostly|mainly|usually|honestly|just|basically|really|to|for|with|by|via|through|thru|the|a|an|our|their|is|are|as|main|big|what|that|which|it|on|les|on|a\s+gente|e|y|et|und|wir|sie|ils|nous|eles|depois|para|pour|is\s+what|and\s+then|bon|bueno|pues|na\s+ja|bem|ok|okay|well|pra|pour|um|zu)\b[\s,:=\-–]*)+$/i;
