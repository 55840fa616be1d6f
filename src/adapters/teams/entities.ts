import { createRequire } from 'node:module';

// botbuilder's connector serialises outgoing entities with a model that knows only `type`,
// `text` and `mentioned`, and drops every other field, so the AI-generated label
// (`@type`, `additionalType`) never reached Teams. Letting that model keep extra fields,
// as the Activity model already intends, sends entities as written. Done once, at start.

let done = false;

export function keepEntityFields(): void {
  if (done) return;
  const require = createRequire(import.meta.url);
  const mappers = require('botframework-connector/lib/connectorApi/models/mappers.js') as { Entity?: { type: { additionalProperties?: unknown } } };
  if (mappers.Entity) mappers.Entity.type.additionalProperties ??= { type: { name: 'Object' } };
  done = true;
}
