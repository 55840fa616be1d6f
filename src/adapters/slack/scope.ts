// Which installation a Slack payload belongs to: the workspace (team) and, on Enterprise
// Grid, the org (enterprise). The installation's own ids come first: in a shared channel the
// top-level team_id and enterprise_id name the channel's originator, not us, and an org-wide
// install leaves authorizations[0].team_id empty and names the workspace in context_team_id.

export interface SlackScope {
  team?: string;
  enterprise?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function scopeOf(body: Obj): SlackScope {
  const auth = Array.isArray(body.authorizations) && isObj(body.authorizations[0]) ? body.authorizations[0] : undefined;
  const event = isObj(body.event) ? body.event : undefined;
  const team = isObj(body.team) ? body.team : undefined;
  const user = isObj(body.user) ? body.user : undefined;
  const enterprise = isObj(body.enterprise) ? body.enterprise : undefined;
  return drop({
    team:
      str(auth?.team_id) ??
      str(body.context_team_id) ??
      str(body.team_id) ??
      str(team?.id) ??
      str(event?.team) ??
      // An org-wide install's button press may carry no team; the presser's workspace stands in,
      // but on Grid user.team_id may be the org (E…), which is no workspace.
      (str(user?.team_id)?.startsWith('T') ? str(user?.team_id) : undefined),
    // With an authorization, its enterprise (or none) is ours; the top level may be the originator's.
    enterprise: auth
      ? str(auth.enterprise_id)
      : (str(body.context_enterprise_id) ?? str(body.enterprise_id) ?? str(enterprise?.id) ?? str(team?.enterprise_id)),
  });
}

function drop(s: SlackScope): SlackScope {
  const out: SlackScope = {};
  if (s.team) out.team = s.team;
  if (s.enterprise) out.enterprise = s.enterprise;
  return out;
}
