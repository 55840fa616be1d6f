// Word lists for reading customer segments, in English, Spanish, French, German and
// Portuguese. Kept apart from the reader so the rules stay readable.

const src = (parts: readonly string[]) => parts.join('|');

/** A group the team names but does not target: "tourists too but they're not really a target". */
export const NOT_TARGET = new RegExp(
  src([
    String.raw`not\s+(?:really\s+|exactly\s+|actually\s+)?(?:a|our|the|my|an?\s+\w+)?\s*(?:target|focus|market|segment|priority|customers?|ideal|icp)`,
    String.raw`not\s+(?:who|whom|what)\s+we\s+(?:sell|target|serve|aim|build|go\s+after)`,
    String.raw`not\s+(?:someone|something|somebody|people|the\s+people|a\s+group)\s+we\s+(?:plan|target|sell|aim|build|focus|go)`,
    String.raw`(?:later|one\s+day|some\s*day|at\s+some\s+point|eventually|in\s+the\s+future)[,\s]+(?:but\s+)?not\s+(?:now|yet|rn|right\s+now|for\s+now)`,
    String.raw`(?:but\s+)?not\s+(?:yet|now|rn|right\s+now|for\s+now)\s*$`,
    String.raw`maybe\s+(?:one|some)\s*day|maybe\s+later|(?:maybe|perhaps|possibly)\b.*\blater\b`,
    String.raw`moving\s+away\s+from|(?:said|say|says)\s+no\b|we(?:'ve|\s+have)?\s+(?:say|said|told\s+them)\s+no|(?:drop(?:ped)?|leave|left|cut|kick(?:ed)?|rule[ds]?|park(?:ed)?)\s+them(?:\s+out)?\b|(?:leave|left|rule[ds]?|cross(?:ed)?)\s+(?:\w+\s+)?out\b|not\s+going\s+(?:thru|through|after|for|via)\b|(?:total|complete|a)?\s*waste\s+of\s+time|not\s+worth\s+it|not\s+for\s+us|(?:are|is)\s+out(?:\s+of\s+scope)?\s*(?:[,.;]|$)|(?:we\s+)?(?:stopped|quit)\s+(?:selling\s+to|serving|targeting|working\s+with|going\s+after)|^forget\s+(?:about\s+)?(?=\w)|(?:we\s+)?(?:avoid|exclude)\s+\w+|no\s+longer\s+(?:a\s+)?(?:target|focus|segment|serve|sell)|(?:they're|theyre|they\s+are)\s+(?:(?:just|really|actually)\s+)?(?:suppliers|partners|vendors)|(?:we|i)\s+(?:don't|do\s+not|won't|dont)\s+(?:target|serve|sell\s+to|focus\s+on|want|count)|(?:can't|cannot|don't)\s+pay|that's\s+rare|not\s+a\s+segment|don't\s+count|doesn't\s+count|ignore\s+them|not\s+our\s+(?:thing|people)`,
    // "las descartamos", "on laisse tomber", "lassen wir weg", "deixamos de fora"
    String.raw`(?:los|las)?\s*descart(?:amos|ad[oa]s)|dejamos\s+(?:fuera|de\s+lado)|(?:on\s+)?laisse(?:r|z)?\s+tomber|laiss[ée]s?\s+de\s+c[ôo]t[ée]|on\s+les\s+exclut|lassen\s+wir\s+(?:weg|au[ßs]en\s+vor)|(?:sind|ist)\s+raus|deixamos\s+de\s+(?:fora|lado)|descartamos|fora\s+por\s+enquanto`,
    // "the councils no", "hospitals nope": a trailing no on a group
    String.raw`\s(?:no|nope|nah|nein|non|n[ãa]o)\s*$|^(?:ahora|todav[íi]a|a[úu]n|agora|ainda)\s+n[oã]o?\b|pas\s+(?:maintenant|encore|pour\s+nous)|(?:jetzt|noch)\s+nicht|kein(?:e|en)?\s+(?:segment|zielgruppe|fokus|kunden?)\b`,
    // es
    String.raw`no\s+(?:son|es)\s+(?:un|una|nuestro|nuestra|el|la)?\s*(?:objetivo|p[úu]blico|target|foco|prioridad|segmento|clientes?)|m[áa]s\s+adelante|alg[úu]n\s+d[íi]a|no\s+(?:los|las)\s+buscamos`,
    // fr
    String.raw`(?:n'est|ne\s+sont|c'est|ce\s+n'est)\s+pas\s+(?:notre|la|nos|une)?\s*(?:cible|priorit[ée]|march[ée]|client[èe]le)|pas\s+(?:notre|la)\s+cible|plus\s+tard|un\s+jour\s+peut-[êe]tre`,
    // de
    String.raw`keine\s+zielgruppe|nicht\s+(?:unsere|die|unser)?\s*(?:zielgruppe|fokus|markt)|zahlen\s+aber\s+nichts|sp[äa]ter\s+vielleicht|vielleicht\s+sp[äa]ter|irgendwann`,
    // pt
    String.raw`n[ãa]o\s+(?:s[ãa]o|[ée])\s+(?:o|a|nosso|nossa|um|uma)?\s*(?:alvo|p[úu]blico|foco|prioridade|segmento)|mais\s+tarde|um\s+dia\s+talvez|talvez\s+um\s+dia`,
  ]),
  'i',
);

/** "one segment", "nur eine Zielgruppe": the team narrowing its own list. */
export const ONE_SEGMENT =
  /\b(?:(?:just|only|really|nur|solo|seulement|s[óo])\s+)?(?:one|1|a\s+single|eine|un|une|uno|una|um|uma)\s+(?:single\s+)?(?:segment|group|side|zielgruppe|segmento|grupo|cible|segmente?|lado|c[ôo]t[ée])\b|\b(?:just|only)\s+one(?:\s+(?:really|tbh|honestly))?(?=\s*:)/i;

/** Sentences that talk about the answer instead of giving one. */
export const META = new RegExp(
  src([
    String.raw`let\s+me\s+(?:start|think|ask|check|get\s+back|come\s+back|rephrase|try)|start\s+(?:again|over)|come\s+back\s+to\s+you|get\s+back\s+to\s+you|ask\s+my\s+(?:co-?founder|partner|team)`,
    String.raw`useless\s+bot|fill\s+it\s+in\s+yourself|you\s+(?:tell|decide)|(?:supposed|meant)\s+to\s+tell\s+me|isn'?t\s+that\s+(?:your|what\s+you)|why\s+do\s+you\s+(?:ask|need)|stupid\s+question`,
    String.raw`^(?:that's|thats|that\s+is)\s+(?:basically\s+|about\s+|pretty\s+much\s+)?(?:it|all)\b`,
    String.raw`d[ée]jame\s+pensar|d[ée]jame\s+(?:empezar|volver)|empezar\s+de\s+nuevo|laisse[- ]moi\s+(?:r[ée]fl[ée]chir|recommencer)|je\s+reviens|lass\s+mich\s+(?:nachdenken|[üu]berlegen|neu)|deixa\s+eu\s+(?:come[çc]ar|pensar)|come[çc]ar\s+de\s+novo`,
  ]),
  'i',
);

/** A sentence that is only a filler or an acknowledgement. */
export const FILLER =
  /^(?:(?:hmm+|mm+|um+|uh+|erm+|so|ok(?:ay)?|well|right|sure|yeah|yes|oh|ah|hi|hey|good\s+question|great\s+question|tough\s+one|buena\s+pregunta|bonne\s+question|gute\s+frage|boa\s+pergunta|pues|bueno|alors|bon|also|na\s+ja|ent[ãa]o|n[ée]|bem)[\s,.!?:-]*)+$/i;

/** Openers before the list itself: "hmm so I'd say", "teh main one is definately". */
export const HEDGE = new RegExp(
  String.raw`^(?:(?:hmm+|mm+|um+|uh+|erm+|so|ok(?:ay)?|well|right|yeah|i\s+guess|i\s+think|i'd\s+say|i\s+would\s+say|we'd\s+say|probably|basically|honestly|tbh|actually|tho|though|although|currently|right\s+now|for\s+now|atm|then|and\s+then|and|also|plus|but|or|y|e|et|und|ou|o|ok\s+so|tambi[ée]n|aussi|auch|tamb[ée]m|good\s+question|(?:(?:the|teh|our)\s+)?main\s+(?:one|ones|segment|segments|group|groups|customers?)\s+(?:is|are|would\s+be)(?:\s+(?:definitely|definately|defo|probably|clearly|def))?|(?:we|i)\s+(?:have|serve|target|sell\s+to|work\s+with|focus\s+on|mostly\s+sell\s+to|mainly\s+sell\s+to)(?:\s+(?:two|three|four|\d)(?=\s*:))?|(?:we\s+)?(?:sell|go|get\s+to\s+them)?\s*(?:(?:directly|direct)\s+|(?:through|via)\s+(?:\p{L}+\s+){1,3}?)to|mostly|mainly|primarily|largely|especially|usually|(?:our\s+)?(?:customers|clients|segments)\s+are|creo\s+que|je\s+dirais|ich\s+w[üu]rde\s+sagen|eu\s+diria|pues|bueno|alors|en\s+gros|also)[\s,:]+)+`,
  'iu',
);

/** The head of "two sides: A and B", "B2C + B2B:", "Segment A:" — a label, not a segment. */
export const LEAD_IN_HEAD =
  /^(?:(?:we\s+have\s+|there\s+are\s+)?(?:two|three|four|five|2|3|4|5|dos|dois|tres|deux|trois|zwei|drei|duas|tr[êe]s)(?:\s+(?:main|sides?|segments?|groups?|kinds?|types?|lados|c[ôo]t[ée]s|seiten|gruppen|segmentos|grupos|zielgruppen|cibles|principales?))*|(?:b2[bc]|d2c|dtc)(?:\s*[+&/,]\s*(?:b2[bc]|d2c|dtc))*(?:\s+\w+)?|(?:(?:our|the|main|key|target)\s+)*(?:customer\s+)?(?:segments?|groups?|sides?|customers?|clients?|audiences?|markets?)(?:\s+(?:are|is))?|(?:segment|group|side|seg)\s*(?:[a-e]|\d|one|two|three)|mainly|mostly|both)$/i;

/** A piece that describes the group before it: "…, mostly women", "…, who pay". */
export const DESCRIBES =
  /^(?:who|whom|which|that|whose|where|when|die|der|das|welche|qui|que|dont|o[ùu]|quem|cujo|cujas?|mostly|mainly|usually|often|typically|esp|especially|particularly|like|e\.?g|eg|i\.?e|incl|including|such\s+as|aged|ages|between|around|about|approx|roughly|up\s+to|from|seed|under|over|plus\s+de|moins\s+de|the\s+ones|those|ones|most\s+of\s+them|all\s+of\s+them|many\s+of\s+them|some\s+of\s+them|a\s+lot\s+of\s+them|sobre\s+todo|principalmente|sobretudo|geralmente|generalmente|g[ée]n[ée]ralement|normalmente|normalement|surtout|plut[ôo]t|notamment|vor\s+allem|meist(?:ens)?|haupts[äa]chlich|tipo|comme|wie|como|not\s+(?:very|too|really)|very|[~<>≈±]|\d|\+)(?![\p{L}])/iu;

/** Words that start a clause, not a name: "you're a useless bot", "we only do kids". */
export const NOT_A_NAME =
  /^(?:i|i'm|im|i'd|i've|you|you're|youre|your|we|we're|we've|we'd|it|it's|its|that's|thats|isn't|isnt|dunno|not|this|these|there|there's|let|let's|just|please|they|they're|theyre|he|she|nothing|none|no|yes|nope|nah|nee|nein|non|idk|tbd|n\/a|can|could|would|should|will|do|does|is|are|was|want|need|yo|je|j'ai|nous|on|ich|wir|es|eu|n[óo]s|nosotros|yo|hay|il|ils|elles)\b/i;

/** Articles and possessives before a name, in the five languages. */
export const ARTICLE =
  /^(?:a\s+few|a\s+couple\s+of|a\s+handful\s+of|lots\s+of|a\s+lot\s+of|several|many|a|an|the|some|our|their|its|my|les|des|la|le|l'|los|las|el|unos|unas|un|una|une|die|der|das|den|dem|eine?|as|os|o|um|uma|umas|uns)\s+|^l'/i;
