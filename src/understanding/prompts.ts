import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTRACTION_STEPS, type ExtractionStep } from '../core/extraction.ts';

// The system prompt of each extraction step, read from prompts/<step>.md once at
// start-up. Resolved from this file, not the cwd, so `rapport` works from anywhere.

/** advice: the coach's answer to a question about the design, not an extraction. */
export const PROMPT_NAMES = [...EXTRACTION_STEPS, 'advice'] as const;
export type PromptName = ExtractionStep | 'advice';
export type Prompts = Readonly<Record<PromptName, string>>;

export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

export class PromptsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptsError';
  }
}

export function loadPrompts(dir: string = PROMPTS_DIR): Prompts {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.md'));
  } catch (err) {
    throw new PromptsError(`Prompt folder ${dir} cannot be read: ${(err as Error).message}`);
  }
  const missing = PROMPT_NAMES.filter((step) => !files.includes(`${step}.md`));
  if (missing.length) {
    throw new PromptsError(`Missing prompt file(s) in ${dir}: ${missing.map((s) => `${s}.md`).join(', ')}`);
  }
  const prompts = {} as Record<PromptName, string>;
  for (const step of PROMPT_NAMES) {
    const text = readFileSync(join(dir, `${step}.md`), 'utf8').trim();
    if (!text) throw new PromptsError(`Prompt file ${join(dir, `${step}.md`)} is empty`);
    prompts[step] = text;
  }
  return Object.freeze(prompts);
}

let cached: Prompts | undefined;

/** The packaged prompts, read on first use and kept. */
export function defaultPrompts(): Prompts {
  cached ??= loadPrompts();
  return cached;
}
