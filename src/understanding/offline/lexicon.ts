import type { Intimacy, Nature, Reach, RelationshipType, Touch } from '../../core/design.ts';
import type { Cue } from './match.ts';

// How teams say each part of domain.md's vocabulary. Rows are regex sources matched
// whole-word; add a phrasing by adding a row.

const A = String.raw`(?:an?\s+|the\s+|our\s+|their\s+|its\s+)?`;

export const RELATIONSHIP_CUES: readonly Cue<RelationshipType>[] = [
  ['dedicated_personal_assistance', String.raw`dedicated_personal_assistance|(?:key\s+)?account\s+managers?|account\s+management|named\s+(?:contacts?|persons?|people|reps?|managers?|advisers?|advisors?)|dedicated\s+(?:person|people|contacts?|reps?|managers?|advisers?|advisors?|support(?:\s+\w+)?|team|csms?|consultants?|specialists?|point of contact|assistance)|private\s+bankers?|personal\s+(?:bankers?|shoppers?|stylists?|trainers?|advis[eo]rs?|account|concierge|manager)|customer\s+success\s+managers?|\bcsms?\b|relationship\s+managers?|their\s+own\s+(?:contact|person|manager|advis[eo]r|rep)|one[- ]to[- ]one|1[:-]1|concierge|white[- ]glove|their\s+own\s+(?:producer|designer|advis[eo]r|teacher|trainer|coach|engineer|contact|person|manager|rep|accountant|stylist|tutor|consultant|specialist|expert|vet|doctor|agent|planner|editor|developer|dev|lawyer|banker)|same\s+person|(?:the\s+)?same\s+(?:teacher|physio|trainer|coach|advis[eo]r|producer|engineer|rep|tech|accountant|vet|doctor|person|stylist|tutor)(?:\s+(?:every|each|sees|for))?|named\s+(?:engineer|producer|expert|account\s+\w+)|our\s+rep\s+\(\p{L}+\)|gestor\s+asignado|asignado|attitr[ée]|conseill[eè]re?s?\s+d[ée]di[ée]e?s?|fester\s+ansprechpartner|gerente\s+de\s+conta`],
  ['personal_assistance', String.raw`personal_assistance|personal\s+(?:help|assistance|support|service|touch)|call\s+cent(?:re|er)s?|phone\s+(?:support|line|calls?)|(?:customer\s+)?support\s+(?:team|staff|line|desk|agents?|reps?)|help\s*desk|chat\s+with\s+${A}(?:human|person|real person|agent|expert)|live\s+chat|human\s+(?:support|help|agents?)|(?:shop|store|sales|floor|counter)\s+(?:staff|assistants?|associates?|people|team)|customer\s+(?:service|support|care)|email\s+support|talk\s+to\s+${A}(?:person|human|expert|advis[eo]r|specialist|someone)|someone\s+(?:to\s+(?:call|talk to)|on\s+the\s+phone)|trained\s+staff|advis[eo]rs|(?:an?|our|with\s+an?)\s+advis[eo]r\b|appointments?\s+with\s+(?:an?|our|the)\s+\p{L}+|consultation\s+(?:appointments?|calls?|meetings?)|sales\s+reps?|in[- ]person|in[- ]store|face[- ]to[- ]face|onboarding\s+calls?|support\s+by\s+(?:phone|email|chat)|by\s+phone|(?:a|our)\s+(?:human|person)|(?:the\s+)?staff\s+know|on\s+the\s+counter|answer(?:ing|s)?\s+(?:whatsapp|messages|emails?|calls)|we\s+answer|calls?\s+you\s+back|(?:the\s+)?reps?\s+(?:visits?|calls?|drops?)|a\s+real\s+\p{L}+\s+by\s+(?:email|phone|chat)|chat\s+w/\s+a\s+(?:human|person)|(?:a\s+)?human\s+(?:if|when)|shared\s+slack\s+channels?|slack\s+channel\s+per\s+\w+|helpdesk|recepcionista|un\s+humain|atendimento|atendente|quer\s+falar|representante|(?:support|help)\s+(?:is\s+)?(?:by|via|over)\s+(?:phone|e-?mail|chat|whatsapp)`],
  ['self_service', String.raw`self_service|self[- ]?serv(?:ice|e)|docs|documentation|tutorials?|guides?|how[- ]tos?|help\s+(?:cent(?:re|er)|articles?|pages?|docs)|knowledge\s*base|video\s+(?:guides?|tutorials?|walkthroughs?)|manuals?|do\s+it\s+(?:themselves|yourself|on their own)|on\s+their\s+own|help\s+themselves|sign\s+up\s+and\s+go|templates?|(?:everything\s+)?(?:happens\s+)?in\s+the\s+app|in[- ]app\s+booking|self[- ]serve\s+dashboard|dashboards?|por\s+la\s+app|desde\s+la\s+web|por\s+la\s+web|l'appli\s+g[èe]re|pelo\s+app|se\s+gestiona`],
  ['automated_service', String.raw`automated_service|chat\s*bots?|bots?|faqs?|recommendations?|recommendation\s+engine|automat(?:ic|ed|ion)(?:\s+\w+)?|auto[- ](?:emails?|replies|reminders?|updates?)|drip\s+(?:emails?|campaigns?)|email\s+sequences?|(?:onboarding|welcome|lifecycle|triggered|transactional|reminder)\s+emails?|in[- ]app\s+(?:messages?|tips|guides?|tours?|help)|push\s+notifications?|notifications?|ai\s+(?:assistant|agent|support|chat)|virtual\s+assistants?|personali[sz]ed\s+(?:emails?|recommendations?|suggestions?)|nudges?|automatically|automatic(?:\s+\w+)?|sends?\s+(?:a\s+)?reminders?|reminders?|recordatorios(?:\s+autom[aá]ticos)?|autom[aá]tic[oa]s?|automatique|automatisch`],
  ['community', String.raw`community|communities|forums?|user\s+groups?|champions?(?:\s+program(?:me)?)?|mvps?(?:\s+program(?:me)?)?|ambassadors?|discord|slack\s+(?:community|group|workspace)|facebook\s+groups?|meet[- ]?ups?|peer\s+support|(?:users|customers|members|people)\s+help(?:ing)?\s+each\s+other|help\s+each\s+other|reddit|subreddit|whatsapp\s+groups?|telegram\s+groups?|local\s+chapters?|members[- ]only\s+slack|comunidad|communaut[ée]|comunidade|grupo\s+(?:no|de|del)\s+whatsapp|\p{L}*forum|foros?|s'entraident|se\s+ayudan`],
  ['co_creation', String.raw`co_creation|(?<!(?:quarterly|annual|monthly|weekly|yearly|business|account|performance|code|progress|strategy|QBR)\s)reviews?|ratings?|beta[- ]?(?:testers?|testing|program(?:me)?|users?)|user[- ]generated(?:\s+content)?|ugc|co[- ]?design(?:ing)?|co[- ]?creat(?:e|ion|ing)|feature\s+(?:requests?|voting|votes?|board)|vote\s+on\s+(?:features|the roadmap)|ideas?\s+(?:board|portal)|(?:customer|user)\s+advisory\s+boards?|design\s+partners?|user\s+content|content\s+(?:made|created)\s+by\s+(?:users|customers)|(?:users|customers)\s+(?:create|make|build|upload|contribute)|(?:a\s+)?vote\s+on|let\s+\p{L}+\s+vote|build\s+(?:it\s+)?with\s+us|beta\s+group|test\s+new\s+features|send\s+us\s+their\s+\p{L}+|rate\s+each\s+other'?s?|build\s+the\s+content|d[ãa]o\s+opini[ãa]o|testam\s+os\s+produtos|nous\s+disent|tell\s+us\s+(?:what|which)`],
  ['subscription', String.raw`subscription|subscriptions|subscribe(?:rs?)?|memberships?|(?:monthly|annual|yearly)\s+(?:plans?|fees?|billing|subscription)|recurring\s+(?:billing|payments?|fees?|revenue)|retainers?|suscripci[oó]n|assinatura|abonnement|abo`],
  ['exclusive_access', String.raw`exclusive_access|early\s+access|members[- ]only|exclusive(?:\s+\w+)?|vip(?:\s+\w+)?|first\s+access|first\s+dibs|insiders?(?:\s+program(?:me)?)?|private\s+(?:sales?|previews?|events?)|pre[- ]?release|invite[- ]only|sneak\s+peeks?`],
  ['proactive_monitoring', String.raw`proactive_monitoring|monitor(?:s|ing)?\s+(?:their\s+|the\s+)?(?:usage|data|accounts?|health|activity)|(?:watch|track)(?:es|s|ing)?\s+(?:their\s+|the\s+)?(?:usage|data|activity)|usage\s+(?:data|alerts?|signals?|monitoring)|reach(?:es|ing)?\s+out\s+(?:first|before|when|if|early)|health\s+scores?|(?:call|contact|email|ping)\s+them\s+(?:before|when|if)|churn\s+(?:signals?|alerts?|risk\s+alerts?)|spot\s+(?:problems|issues|churn)|(?:we|they)\s+reach\s+out|proactive(?:ly)?\s+(?:support|check[- ]?ins?|outreach|monitoring)|monitor(?:s|ing)?\s+(?:the\s+|their\s+)?\p{L}+\s+(?:data|usage)|watch\s+usage|(?:call|ping|contact)\s+(?:the\s+\p{L}+|them)\s+before`],
];

export const TOUCH_CUES: readonly Cue<Touch>[] = [
  ['high', String.raw`high[- ]touch|hands[- ]on|white[- ]glove|very\s+personal|lots\s+of\s+(?:contact|attention|hand[- ]holding)|close\s+contact|hand[- ]holding|concierge|one[- ]to[- ]one|1[:-]1|a\s+lot\s+of\s+(?:contact|attention|support)|personal\s+attention|high\s+(?:contact|involvement)|intensive`],
  ['medium', String.raw`medium[- ]touch|mid[- ]touch|some\s+(?:contact|help|hand[- ]holding|human contact)|occasional(?:ly)?|now\s+and\s+then|moderate|a\s+bit\s+of\s+(?:help|contact)|when\s+they\s+need\s+(?:it|us|help)|light\s+personal`],
  ['low', String.raw`low[- ]touch|light[- ]touch|let\s+me\s+do\s+it\s+myself|do\s+it\s+(?:themselves|myself|yourself)|on\s+their\s+own|sign\s+up\s+and\s+go|self[- ]serv(?:e|ice)|hands[- ]off|no\s+(?:human\s+)?contact|minimal\s+(?:contact|touch|support)|little\s+contact|(?:don't|do not)\s+want\s+to\s+(?:talk|be called|hear from)|leave\s+them\s+alone|no\s+hand[- ]holding|barely|rarely\s+talk|just\s+want\s+(?:it\s+)?to\s+work`],
];

export const NATURE_CUES: readonly Cue<Nature>[] = [
  ['hybrid', String.raw`hybrid|both\s+one[- ]off\s+and\s+\w+|mix\s+of\s+one[- ]off|one[- ]offs?\s+and\s+(?:subscriptions?|contracts?|retainers?)|bot\s+first|(?:then|and\s+then)\s+(?:it'?s\s+)?(?:all\s+)?automated`],
  ['transactional', String.raw`transactional|one[- ]?off|one[- ]time|single\s+(?:purchase|sale|order)|pay[- ]as[- ]you[- ]go|per\s+project|no\s+(?:contracts?|lock[- ]?in|commitment)|cancel\s+any\s*time|easy\s+to\s+leave|buy\s+once|once\s+a\s+year|occasional\s+(?:purchases?|orders?)|ad[- ]hoc`],
  ['long_term', String.raw`long_term|long[- ]term|subscriptions?|subscribe|contracts?|contracted|retainers?|membership|annual\s+plans?|monthly\s+(?:plans?|fees?)|recurring|ongoing|advisory|multi[- ]year|renewals?|lasting|for\s+years|lifetime|contractual|\d+\s*(?:months?|mo|yrs?|years?)\s+(?:min(?:imum)?|contracts?)|(?:yearly|annual)\s+(?:\p{L}+\s+)?(?:deals?|contracts?)|suscripci[oó]n|assinatura`],
];

export const INTIMACY_CUES: readonly Cue<Intimacy>[] = [
  ['hybrid', String.raw`hybrid|automated\s+by\s+default|a\s+(?:person|human)\s+when\s+(?:it\s+matters|needed|they\s+need)|mix\s+of\s+(?:automation|bots?|automated)\s+and\s+(?:people|humans?|personal)|human\s+(?:fallback|escalation|backup)|escalat(?:e|es|ion)\s+to\s+(?:a\s+)?(?:person|human)`],
  ['personal', String.raw`personal\s+(?:touch|relationship|contact)|very\s+personal|human\s+touch|real\s+people|know\s+them\s+by\s+name|intimate`],
  ['automated', String.raw`fully\s+automated|no\s+human(?:\s+contact)?|no\s+people\s+involved|all\s+automated|automated\s+end[- ]to[- ]end`],
];

export const REACH_CUES: readonly Cue<Reach>[] = [
  ['indirect', String.raw`indirect(?:ly)?|through\s+${A}(?:resellers?|agents?|partners?|distributors?|retailers?|platforms?|marketplaces?|app\s+stores?|integrators?|wholesalers?|dealers?|brokers?|channel\s+partners?)|via\s+${A}(?:resellers?|agents?|partners?|distributors?|retailers?|platforms?|marketplaces?|app\s+stores?|integrators?|wholesalers?|dealers?|brokers?)|resellers?|distributors?|wholesale|white[- ]label|(?:sold|sell|selling)\s+(?:through|via)`],
  ['direct', String.raw`direct(?:ly)?(?!\s+(?:competitors?|debit|mail))|in[- ]house|our\s+own\s+(?:site|website|store|shop|app|sales)|deal\s+with\s+us|d2c|dtc|direct[- ]to[- ]consumer`],
];

export const PROACTIVE_CUES: readonly Cue<true>[] = [
  [true, String.raw`proactive(?:ly)?|reach(?:es|ing)?\s+out|check[- ]?ins?|check\s+in\s+(?:on|with)|we\s+(?:call|email|contact|ping)\s+(?:them|customers|clients)|before\s+they\s+ask|anticipate|monitor(?:s|ing)?|health\s+scores?|follow[- ]?ups?|we\s+follow\s+up|phones?\s+(?:every|each)|calls?\s+(?:the\s+day\s+)?before|visits?\s+(?:every|each)|checks?\s+in|texts?\s+(?:you|them)\s+after|calls?\s+you\s+back|without\s+them\s+asking|we\s+send\s+(?:them\s+)?(?:an?\s+)?(?:handwritten|thank|cards?|notes?|gifts?|birthday|personal|quarterly|monthly|weekly|reports?)|invite\s+them|le\s+llama\s+antes|on\s+l'appelle\s+avant|von\s+sich\s+aus|visita\s+cada|liga\s+pra\s+saber|ping\s+\p{L}+\s+whose`],
];

export const EMOTIONAL_CUES: readonly Cue<true>[] = [
  [true, String.raw`thank[- ]you\s+(?:notes?|cards?|messages?|gifts?|emails?)|handwritten|celebrat(?:e|es|ing|ion)s?|milestones?|birthdays?|anniversar(?:y|ies)|personal\s+notes?|gifts?|surprise(?:s|\s+and\s+delight)?|swag|say\s+thanks|thank\s+them|welcome\s+(?:pack|box|gift)|remember\s+(?:their|them)|emotional|(?:little|small|personal|handwritten)\s+(?:cards?|notes?|gifts?)|a\s+card\s+when|birthday\s+bottle|remembers?\s+(?:their|your|his|her)\s+(?:names?|birthdays?|kids|children|dogs?|pets?|usual|anniversar\w+)|escrita\s+a\s+mano|(?:um|uma|un|una|a|un\s+petit)\s+(?:presente|regalo|cadeau|geschenk)|geschenk\w*|anivers[aá]rios?|anniversaires?|geburtstag\w*|petit\s+mot`],
];

/** Cost of each type as domain.md states it, to infer touch when none is said. */
export const TYPE_TOUCH: Record<RelationshipType, Touch> = {
  dedicated_personal_assistance: 'high',
  personal_assistance: 'medium',
  proactive_monitoring: 'medium',
  self_service: 'low',
  automated_service: 'low',
  community: 'low',
  co_creation: 'low',
  subscription: 'low',
  exclusive_access: 'low',
};

export const PERSONAL_TYPES: readonly RelationshipType[] = ['dedicated_personal_assistance', 'personal_assistance'];
export const AUTOMATED_TYPES: readonly RelationshipType[] = ['self_service', 'automated_service', 'community', 'co_creation'];

/** What a segment is used to, said as behaviour rather than a level ("a rep comes round"). */
export const EXPECT_TOUCH_CUES: readonly Cue<Touch>[] = [
  ['high', String.raw`(?:very|really|super|quite|so)\s+personal|personal(?:\s+(?:service|relationship|contact))?|hand[- ]?holding|hold\s+(?:your|their)\s+hand|someone\s+who|a\s+(?:real\s+)?person|real\s+person|talk\s+to\s+(?:someone|a\s+person|a\s+human)|account\s+managers?|(?:sales\s+)?reps?|visits?|visiting|drop\s+by|comes?\s+(?:round|in)|on[- ]?site|calling\s+them|ringing\s+them|weekly\s+calls|dedicated\s+\w+|named\s+\w+|lunches|doing\s+everything\s+for\s+them|knows?\s+their|back\s+and\s+forth|(?:a\s+)?(?:lawyer|solicitor|accountant|gestor)|at\s+the\s+counter|muy\s+personal|que\s+te\s+llamen|te\s+conozca|al\s+momento|tr[èe]s\s+personnel|au\s+t[ée]l[ée]phone|pers[öo]nliche\s+betreuung|fester\s+ansprechpartner|ansprechpartner|besuche|vorbeikommt|representante|pessoal`],
  ['low', String.raw`zero\s+contact|no\s+(?:human\s+)?contact|(?:don't|do\s+not)\s+(?:want|expect)\s+(?:a|any)\s+relationship(?:\s+at\s+all)?|no\s+relationship|(?:just|only)\s+want\s+(?:it|the\s+\w+|to)|want\s+it\s+quick|quick|self[- ]?serve|leave\s+them\s+alone|(?:tr[èe]s\s+)?peu\s+de\s+contact|wenig\s+kontakt|mehr\s+nicht|y\s+ya|ningu[ée]m\s+quer|s[óo]\s+quer`],
];

/** A level said on its own, in five languages ("medium?", "alto contacto", "eher wenig Kontakt"). */
export const LEVEL_WORDS: readonly Cue<Touch>[] = [
  ['high', String.raw`high|alto(?:\s+contacto)?|alto\s+contato|[ée]lev[ée]|hoch|viel\s+kontakt`],
  ['medium', String.raw`medium|mid|medio|moyen|mittel|m[ée]dio`],
  ['low', String.raw`low|bajo|baixo(?:\s+contato)?|faible|niedrig|(?:eher\s+)?wenig(?:\s+kontakt)?`],
];
