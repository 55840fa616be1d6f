import { newSession } from '../src/core/session.ts';

/** A stored session whose design has a description, for Home tab tests. */
export function designSession(description: string) {
  const s = newSession(new Date());
  s.design.business.description = description;
  return s;
}
