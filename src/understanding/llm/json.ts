import { z } from 'zod';

// Reading JSON from servers that do not all honour structured output: fenced or
// prose-wrapped replies, and objects that leave out keys they have nothing for.

/** The last JSON object in the reply: whole, fenced, or inside prose. undefined if none. */
export function extractJson(content: string): unknown {
  const text = content.trim();
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the lenient readings
  }
  const fenced = [...text.matchAll(/```[a-z]*\s*([\s\S]*?)```/gi)].map((m) => m[1]!.trim()).reverse();
  for (const block of fenced) {
    try {
      return JSON.parse(block);
    } catch {
      // try the next block
    }
  }
  return lastObject(text);
}

/** Scans for balanced {...} spans (strings respected) and returns the last that parses. */
function lastObject(text: string): unknown {
  let found: unknown;
  for (let start = text.indexOf('{'); start !== -1; ) {
    const end = matchingBrace(text, start);
    if (end === -1) {
      start = text.indexOf('{', start + 1);
      continue;
    }
    try {
      found = JSON.parse(text.slice(start, end + 1));
      start = text.indexOf('{', end + 1); // later objects win; inner ones are part of this one
    } catch {
      start = text.indexOf('{', start + 1);
    }
  }
  return found;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Missing keys that accept null (or an empty list) filled in, at every depth: "absent" and
 * "null" mean the same here, and servers without strict schemas drop them.
 */
export function fillMissing(schema: z.ZodType, raw: unknown): unknown {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    for (const [key, field] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      if (!(key in out) || out[key] === undefined) {
        if (field.safeParse(null).success) out[key] = null;
        else if (field.safeParse([]).success) out[key] = [];
        continue;
      }
      out[key] = fillMissing(field, out[key]);
    }
    return out;
  }
  if (inner instanceof z.ZodArray && Array.isArray(raw)) return raw.map((item) => fillMissing(inner.element as z.ZodType, item));
  return raw;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodNullable || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}
