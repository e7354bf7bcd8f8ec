// What an API token may be used for (issue 19). A token never reaches beyond its owner:
// a request needs the route's scope on the token AND the route's permission on the
// owner's current role, and reads stay within the owner's reach. Client-safe.
export const TOKEN_SCOPES = ["audit:read", "audit:export", "alerts:read", "alerts:write", "announcements:read", "announcements:write", "streams:manage"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = {
  "audit:read": "Read the audit log, sessions and data-access records in your reach",
  "audit:export": "Export audit log searches",
  "alerts:read": "Read your alerts",
  "alerts:write": "Resolve and dismiss your alerts (auditors and admins: anomaly alerts too)",
  "announcements:read": "Read announcements shown to you",
  "announcements:write": "Acknowledge announcements; authors also create and change them",
  "streams:manage": "Configure the audit log's streams to SIEMs and read their health (admins)",
};

export const MAX_TOKEN_DAYS = 365;
export const DEFAULT_TOKEN_DAYS = 90;
