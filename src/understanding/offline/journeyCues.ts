// Word lists for reading a customer journey, in English, Spanish, French, German and
// Portuguese: what marks a step, a feeling, and who handles it.

/** "1.", "2)", "Step 3 -", "- " bullets: explicit step markers, also mid-line. */
export const STEP_MARKER =
  /(?:^|\s)(?:(?:step|etapa|[ée]tape|schritt|passo)\s*)?\d{1,2}\s*[.)]\s+(?=\S)|(?:^|\s)(?:step|etapa|[ée]tape|schritt|passo)\s*\d{1,2}\s*[-:]\s*|(?:^|\n)\s*[-*•·▪]\s+|(?:^|[\s.])(?:first|second|third|fourth|fifth|sixth|seventh|eighth|last|finally|primero|segundo|tercero|premi[èe]re?ment|ensuite|erstens|zweitens|drittens)\s*:\s*/gi;

/** Where one step hands over to the next in prose. */
export const SEQUENCE = new RegExp(
  [
    String.raw`\s*[;,]\s*(?:(?:and\s+then|and|then|after\s+that|afterwards|next|finally|y\s+luego|y\s+despu[ée]s|luego|y|et\s+puis|et\s+ensuite|puis|ensuite|et|und\s+dann|dann|danach|und|e\s+depois|depois|e|ent[ãa]o)\s+)?`,
    String.raw`\s+(?:and\s+then|then|after\s+that|afterwards|next|finally|y\s+luego|luego|et\s+puis|puis|ensuite|und\s+dann|dann|danach|e\s+depois|depois)\s+`,
    String.raw`\s+and\s+(?=(?:the|a|an|our|their|some)\s)`,
    // "delivery and invoice": two short nouns, but "walk in and smell the bread" is one step.
    String.raw`(?<=(?:^|[,;]\s*)[^\s,;]+(?:\s[^\s,;]+)?)\s+(?:and|y|et|und|e)\s+(?=[^\s,;]+(?:\s[^\s,;]+)?\s*(?:$|[,;.(]))`,
  ].join('|'),
  'iy',
);

/** The customer's thoughts and feelings: "should feel safe", "think 'wow'", "tem que sentir". */
export const FEEL_CUE =
  /\b(?:we\s+want\s+(?:them|it)\s+to|want\s+(?:them|it)\s+to|(?:they|you)\s+should)\s+(?:go|say|be\s+like)\b|(?:\b(?:they|you|customers?|clients?|users?|people|parents|owners|we\s+want\s+(?:them|it)\s+to|want\s+(?:them|it)\s+to|so\s+(?:that\s+)?they|ils|elles|sie|eles|elas)\s+)?(?:\b(?:should|must|need\s+to|needs\s+to|will|have\s+to|has\s+to|doivent|devraient|sollen|m[üu]ssen|tem\s+que|t[êe]m\s+que|tienen\s+que|tiene\s+que|deben|debe)\s+)?(?:\bto\s+)?\b(?:feel(?:s|ing)?|think(?:s|ing)?|trust|se\s+sentir|sentir(?:se)?|se\s+sientan|sich\s+\S+\s+f[üu]hlen|f[üu]hlen|pensa|pensar|penser|pensent)\b/i;

/** A piece that only says how they feel: "relief!!", "no stress", "proud they're back running". */
export const EMOTION =
  /^(?:so\s+|very\s+|super\s+|really\s+|totally\s+|a\s+bit\s+|kind\s+of\s+)?(?:relie(?:f|ved)|reassur\w*|happy|proud|nervous|excit\w*|confident|calm|relax\w*|safe|welcome\w*|understood|curious|easy|simple|quick|fast|clear|in\s+control|overwhelm\w*|looked\s+after|delight\w*|hopeful|satisf\w*|anxious|worr\w*|s[ck]eptic\w*|doubtful|unsure|hesitant|wary|stress\w*|premium|fair|cared\s+for|heard|valued|special|emotional|wow|obvious|impress\w*|comfortable|secure|surpris\w*|amaz\w*|grateful|thrill\w*|annoy\w*|frustrat\w*|confus\w*|lost|bored|magic\w*|seen|respected|excited|joy\w*|trust\w*|curiosidad|f[áa]cil|nervios\w*|tranquil\w*|confian\w*|feliz|segur\w*|content\w*|r[áa]pid\w*|rassur\w*|confiance|satisfait\w*|serein\w*|compris\w*|schnell|unkompliziert|zufrieden|sicher|entspannt|begeistert|verstanden|pr[áa]tico|pontual|sem\s+pensar|(?:no|not|sin|sem|pas\s+de|kein(?:e|en)?)\s+(?:pressure|stress|surprises?|rushed|hassle|worries|estr[ée]s|presi[óo]n|sorpresas|pression|surprise|stress|druck|press[ãa]o|surpresas))(?![\p{L}])/iu;

/** Pieces that carry on the step before: "which is the scary bit", "that's the moment they trust us". */
export const CARRY_ON = /^(?:which|where|so\s+(?:that\s+)?they|that's|thats|this\s+is|that\s+is|it's\s+where|lo\s+que|ce\s+qui|was|o\s+que)\b/i;

/** Who handles a step. */
export const OWNER =
  /(?:\(\s*)?\b(?:handled|run|done|owned|led|managed|covered|answered|sent|taken\s+care\s+of)\s+by\s+([^(),;.]+)\)?|\((?:owner|by|via|who)\s*:?\s*([^()]+)\)|\b(?:owner|owned)\s*:\s*([^(),;.]+)|\bby\s+((?:our|the)\s+[^(),;.]+?(?:team|staff|founders?|manager|lead|reps?|sales|support|ceo|cto|designers?|engineers?|bot|chatbot|app|website|system|crm|advisors?|coach|mentor|producer))\b|\bvia\s+(?:the\s+|our\s+|a\s+|an\s+)?((?:chat)?bot|chatbot|crm|app|website|email|portal)\b/iu;

/** "chats with Dan": a person named as the one handling the step. */
export const WITH_NAME = /\b(?:with|w\/)\s+(\p{Lu}\p{Ll}+)\b(?!\s+\p{Lu})/u;

/** A role doing the step: "our designer sends the mock-ups", "the chatbot answers". */
export const ROLE_SUBJECT =
  /^((?:our|the|a)\s+(?:(?:head|lead|senior|junior|account|customer|success|sales|support|onboarding|community|project)\s+)*(?:designers?|chatbot|bot|team|founders?|co-?founders?|ceo|cto|managers?|advisors?|coach(?:es)?|mentors?|tutors?|producers?|reps?|engineers?|agents?|concierge|assistant|ai|app|crm|system|staff|stylist|specialist))\s+(?!is\b|are\b|should\b)(?=\p{L}+s\b|will\b|then\b|gets?\b|takes?\b)/iu;

/** A first name doing the step: "Dan calls them", "Maya sends the proposal". */
export const NAME_SUBJECT = /^(\p{Lu}\p{Ll}{1,15})\s+(?=(?:calls|emails|sends|meets|visits|handles|runs|does|answers|checks|follows|texts|rings|books|shows|walks|greets|writes|phones|reviews|takes|gives|hosts|welcomes|onboards|delivers)\b)/u;

/** Answers with no journey in them: "no idea, we haven't mapped it". */
export const NO_JOURNEY =
  /^(?:(?:hmm+|um+|well|so|ok(?:ay)?|honestly|tbh)[\s,]*)*(?:no\s+idea|not\s+sure|nothing\s+(?:mapped|planned|yet)|idk|dunno|don'?t\s+know|we\s+haven'?t|haven'?t\s+(?:mapped|thought)|ni\s+idea|no\s+s[ée]|aucune\s+id[ée]e|je\s+ne\s+sais\s+pas|keine\s+ahnung|wei[ßs]\s+nicht|n[ãa]o\s+sei|sem\s+ideia)\b/i;
