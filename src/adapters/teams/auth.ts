import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';

// The Bot Framework adapter and who may call it. With an app id the SDK checks every
// request's JWT (multi-tenant, single-tenant or managed identity, by MICROSOFT_APP_TYPE).
// Without one, requests are not authenticated at all, which is only allowed on purpose.

export type AuthMode = 'credentials' | 'unauthenticated';

export class TeamsAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TeamsAuthError';
  }
}

export function authMode(config: Config): AuthMode {
  if (config.MICROSOFT_APP_ID) return 'credentials';
  if (config.TEAMS_ALLOW_UNAUTHENTICATED) return 'unauthenticated';
  throw new TeamsAuthError(
    'Teams: MICROSOFT_APP_ID (with MICROSOFT_APP_PASSWORD, or a managed identity) is not set, so /api/messages will not run. ' +
      'Set them, or set TEAMS_ALLOW_UNAUTHENTICATED=true to test locally with the Bot Framework Emulator.',
  );
}

export interface BotAdapter {
  adapter: CloudAdapter;
  /** '' when unauthenticated: the SDK then neither checks nor sends tokens. */
  appId: string;
  mode: AuthMode;
}

export function createBotAdapter(config: Config, log: Logger): BotAdapter {
  const mode = authMode(config);
  const settings: Record<string, string> = {};
  if (mode === 'credentials') {
    settings.MicrosoftAppId = config.MICROSOFT_APP_ID!;
    if (config.MICROSOFT_APP_PASSWORD) settings.MicrosoftAppPassword = config.MICROSOFT_APP_PASSWORD;
    settings.MicrosoftAppType = config.MICROSOFT_APP_TYPE ?? 'MultiTenant';
    if (config.MICROSOFT_APP_TENANT_ID) settings.MicrosoftAppTenantId = config.MICROSOFT_APP_TENANT_ID;
  }
  // Only these four settings, never the whole environment.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings));
  adapter.onTurnError = async (_context, err) => {
    log.error('teams turn failed', { err });
  };
  return { adapter, appId: mode === 'credentials' ? config.MICROSOFT_APP_ID! : '', mode };
}
