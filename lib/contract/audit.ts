// The audit log's operations: list, search, one entry, actors, charts, export, verify,
// sign-in sessions and data-access records.
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { auditActorsQuerySchema, auditAnalyticsQuerySchema, auditExportQuerySchema, auditListQuerySchema, auditSearchQuerySchema, auditTailQuerySchema, dataAccessQuerySchema, sessionsQuerySchema } from "@/lib/audit/search/schemas";
import { AccessMethod, AccessStatus, AccessType, AuditCategory, AuditEventType, AuditOutcome, AuthMethod, DataCategory, LoginStatus, RiskLevel, SensitivityLevel } from "@/lib/generated/prisma/enums";
import { isUuid } from "@/lib/uuid";
import { anyJson, instant, nextCursor } from "./schemas";

const eventType = z.enum(AuditEventType);
const category = z.enum(AuditCategory);
const risk = z.enum(RiskLevel);
const outcome = z.enum(AuditOutcome);

const auditRow = z
  .object({
    id: z.string(),
    at: instant,
    eventType,
    category,
    action: z.string().meta({ description: "The action code, e.g. `alert.resolved`." }),
    description: z.string(),
    module: z.string(),
    actor: z.object({ id: z.string().nullable(), name: z.string(), email: z.string(), role: z.string() }),
    entity: z.object({ type: z.string(), id: z.string(), name: z.string() }),
    subject: z.object({ id: z.string(), name: z.string() }).nullable().meta({ description: "The person the entry is about, when it is about one." }),
    risk,
    status: outcome,
    ip: z.string().nullable(),
    sensitive: z.boolean(),
    masked: z.boolean().meta({ description: "Whether values were masked for you on read." }),
  })
  .meta({ id: "AuditEntry" });

const auditPage = z.object({ data: z.array(auditRow), nextCursor }).meta({ id: "AuditEntryPage" });

const SEARCH_HELP = "`q` is the search language (`actor:`, `type:`, `risk:`, `created:2026-12-01..2026-12-07`, free words); a term it cannot read is a 400 `invalid_query` naming its position.";

export const listAuditLogs = defineOperation({
  method: "GET", path: "/api/audit-logs", operationId: "listAuditLogs", tag: "Audit log",
  summary: "List audit entries",
  description: `Your entries in reach (everyone's for auditors and admins, yours and your reports' for managers, your own otherwise), newest first, filtered (spec 001 §9.1) and searched. ${SEARCH_HELP} Each call is recorded as a data access.`,
  scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to read the audit log.",
  query: auditListQuerySchema,
  response: { status: 200, description: "A page of entries.", schema: auditPage },
  errors: ["invalid_query"],
});

export const searchAuditLogs = defineOperation({
  method: "GET", path: "/api/audit-logs/search", operationId: "searchAuditLogs", tag: "Audit log",
  summary: "Search audit entries",
  description: `The entries in your reach that match a search. ${SEARCH_HELP}`,
  scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to search the audit log.",
  query: auditSearchQuerySchema,
  response: { status: 200, description: "A page of matching entries.", schema: auditPage },
  errors: ["invalid_query"],
});

const entryParams = z.object({ id: z.string().refine(isUuid, "An audit entry id is a UUID.").meta({ format: "uuid" }) });

const labelledField = z.object({ key: z.string(), label: z.string(), text: z.string() });

const historyEntry = z.object({
  id: z.string(), at: instant, eventType, action: z.string(), description: z.string(), actorName: z.string(), status: outcome,
  oldValues: anyJson, newValues: anyJson, changedFields: anyJson, masked: z.boolean(),
});

const entryDetail = z
  .object({
    id: z.string(),
    at: instant,
    eventType,
    category,
    action: z.string(),
    description: z.string(),
    module: z.string(),
    actor: z.object({ id: z.string().nullable(), name: z.string(), email: z.string(), role: z.string(), department: z.string(), currentName: z.string().nullable().meta({ description: "The person's name today, when it differs from the name recorded." }) }),
    sessionRef: z.string(),
    request: z.object({ ip: z.string().nullable(), userAgent: z.string(), method: z.string(), path: z.string(), responseStatus: z.number().int().nullable() }),
    entity: z.object({ type: z.string(), id: z.string(), name: z.string() }),
    subject: z.object({ id: z.string(), name: z.string() }).nullable(),
    oldValues: anyJson,
    newValues: anyJson,
    changedFields: anyJson,
    risk,
    sensitive: z.boolean(),
    masked: z.boolean(),
    compliance: z.boolean(),
    status: outcome,
    errorMessage: z.string(),
    errorCode: z.string(),
    additionalData: anyJson,
    tags: anyJson,
    retentionMonths: z.number().int().meta({ description: "The months the entry was written to be kept (hashed with it)." }),
    keptMonths: z.number().int().meta({ description: "The months it is kept now: the longer of retentionMonths and its category's retention policy." }),
    chain: z.object({
      id: z.number().int(),
      position: z.string().meta({ description: "The entry's position in its chain (a 64-bit integer, as a string)." }),
      contentMatches: z.boolean().meta({ description: "Whether the stored content still hashes to the entry's recorded hash." }),
    }),
  })
  .meta({ id: "AuditEntryDetail" });

export const getAuditLog = defineOperation({
  method: "GET", path: "/api/audit-logs/{id}", operationId: "getAuditLog", tag: "Audit log",
  summary: "Read one audit entry",
  description: "Every field of one entry, labelled as the entry page labels it, and the history of its record. An entry outside your reach is a 404, as for one that does not exist.",
  scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to read the audit log.",
  params: entryParams,
  response: {
    status: 200,
    description: "The entry, its labelled sections and its record's history.",
    schema: z.object({
      data: entryDetail,
      sections: z.array(z.object({ title: z.string(), fields: z.array(labelledField) })),
      history: z.object({
        truncated: z.boolean(),
        steps: z.array(z.object({ entry: historyEntry, state: z.record(z.string(), z.unknown()), deleted: z.boolean() })),
      }),
    }),
  },
  errors: ["not_found"],
});

export const listAuditActors = defineOperation({
  method: "GET", path: "/api/audit-logs/actors", operationId: "listAuditActors", tag: "Audit log",
  summary: "Suggest actors",
  description: "Up to 10 people in your audit reach whose name or email contains `q`, for a filter's type-ahead.",
  scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to read the audit log.",
  query: auditActorsQuerySchema,
  response: {
    status: 200,
    description: "People, in name order.",
    schema: z.object({ data: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string(), roleLabel: z.string(), department: z.string() })) }),
  },
});

const counted = <K extends string, T extends z.ZodType>(key: K, value: T) => z.array(z.object({ [key]: value, count: z.number().int() } as { [P in K]: T } & { count: z.ZodNumber }));

export const getAuditAnalytics = defineOperation({
  method: "GET", path: "/api/audit-analytics", operationId: "getAuditAnalytics", tag: "Audit log",
  summary: "Chart the audit log",
  description: "Counts for the charts (over time, by category, risk and outcome, top actors and actions) for a search with the list's filters. Without a `created:` term or `date_from` the window is the last 30 days, and `window.defaulted` says so.",
  scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to read the audit log.",
  query: auditAnalyticsQuerySchema,
  response: {
    status: 200,
    description: "The chart data.",
    schema: z.object({
      data: z.object({
        window: z.object({ from: instant, to: instant.meta({ description: "Exclusive." }), bucket: z.enum(["hour", "day", "week"]), defaulted: z.boolean() }),
        total: z.number().int(),
        overTime: z.array(z.object({ start: z.string(), count: z.number().int() })),
        byCategory: counted("category", category),
        byRisk: counted("risk", risk),
        byStatus: counted("status", outcome),
        topActors: z.array(z.object({ name: z.string(), role: z.string(), count: z.number().int() })),
        topActions: z.array(z.object({ action: z.string(), count: z.number().int() })),
      }),
    }),
  },
  errors: ["invalid_query"],
});

export const exportAuditLogs = defineOperation({
  method: "GET", path: "/api/audit-logs/export", operationId: "exportAuditLogs", tag: "Audit log",
  summary: "Export a search",
  description: "The entries in your reach that match `q`, as a streamed download. Exports have a budget of their own (10 an hour by default) on top of the request budget.",
  scope: "audit:export", permission: "activity:self", deniedMessage: "You are not allowed to export the audit log.", rateLimit: "export",
  query: auditExportQuerySchema,
  response: {
    status: 200,
    description: "The file, streamed.",
    files: [
      { contentType: "text/csv", description: "`format=csv` (the default): one row per entry, times in PKT." },
      { contentType: "application/json", description: "`format=json`: one JSON array of entries.", schema: z.array(auditRow) },
      { contentType: "application/x-ndjson", description: "`format=ndjson`: one JSON entry per line." },
      {
        contentType: "application/zip",
        description:
          "`format=bundle`: an evidence bundle an outside auditor verifies offline (`node verify-bundle.mjs` inside it, or `npm run audit:verify-bundle`): every matching entry with its hashed fields and an RFC 9162 inclusion proof against the newest signed checkpoint (entries written after it are included, marked not yet provable, and the verifier exits 3 for them), the checkpoint, the public keys, a manifest of every file's SHA-256 and VERIFY.md. 409 `conflict` when no checkpoint has been signed yet.",
      },
    ],
    headers: { "Content-Disposition": "`attachment; filename=…`" },
  },
  errors: ["invalid_query", "conflict"],
});

export const tailAuditLogs = defineOperation({
  method: "GET", path: "/api/audit-logs/tail", operationId: "tailAuditLogs", tag: "Audit log",
  summary: "Follow a search live",
  description:
    "New entries in your reach that match `q`, as Server-Sent Events within about a second of their commit. Each `entry` event's data is an entry as the search returns it, and its id is the position after it: reconnect with `Last-Event-ID` (browsers do it themselves) or `after` to resume with nothing missed and nothing repeated (up to 1,000 missed entries; more sends an `overflow` event). A `ready` event says the tail is live. A stream ends after about a minute (`AUDIT_TAIL_LIFETIME_SECONDS`, spread ±25 %), and your access is checked again when you reconnect; `retry` asks the client to reconnect within a second.",
  scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to read the audit log.",
  query: auditTailQuerySchema,
  response: {
    status: 200,
    description: "The event stream.",
    files: [{ contentType: "text/event-stream", description: "`entry` events (data: one entry, JSON), `ready`, `overflow`, and id-only events that move the resume position past entries you do not match." }],
  },
  errors: ["invalid_query"],
});

const problem = z.object({
  kind: z.string().meta({ description: "What is wrong: `content_altered`, `entry_missing`, `checkpoint_signature_invalid`, `archive_forged`, …" }),
  chainId: z.number().int(),
  chainSeq: z.string(),
  entryId: z.string().nullable(),
  eventTimestamp: z.string().nullable(),
  actionType: z.string().nullable(),
  detail: z.string(),
});

export const verifyAuditLog = defineOperation({
  method: "POST", path: "/api/audit-logs/verify", operationId: "verifyAuditLog", tag: "Audit integrity",
  summary: "Verify the audit log",
  description: "Walks every hash chain against the signed checkpoints and the archive records, and says whether the log is intact. A full scan that writes audit rows: one at a time, at most one per person per 30 seconds (429 with Retry-After). A GET is refused with 405.",
  scope: "audit:read", permission: "audit:verify", deniedMessage: "You are not allowed to verify the audit log.", sameOrigin: true,
  response: {
    status: 200,
    description: "The verdict.",
    schema: z
      .object({
        ok: z.boolean(),
        status: z.enum(["intact", "stale", "unverifiable", "broken"]),
        notes: z.array(z.string()),
        entriesChecked: z.number().int(),
        chains: z.number().int(),
        lastCheckpoint: z.object({ id: z.string(), createdAt: z.string(), totalEntries: z.string() }).nullable(),
        firstProblem: problem.nullable(),
        problems: z.array(problem),
        durationMs: z.number(),
        summary: z.string(),
      })
      .meta({ id: "VerifyReport" }),
  },
  errors: ["method_not_allowed"],
});

const session = z
  .object({
    id: z.string(),
    sessionRef: z.string(),
    user: z.object({ id: z.string().nullable(), name: z.string(), email: z.string() }),
    loginTime: instant,
    logoutTime: instant.nullable(),
    lastActivityTime: instant,
    durationSeconds: z.number().nullable(),
    ip: z.string(),
    userAgent: z.string(),
    device: z.string(),
    browser: z.string(),
    location: z.string(),
    authenticationMethod: z.enum(AuthMethod),
    mfaVerified: z.boolean(),
    loginStatus: z.enum(LoginStatus),
    pageViews: z.number().int(),
    apiCalls: z.number().int(),
    dataAccessCount: z.number().int(),
    dataModificationCount: z.number().int(),
    suspicious: z.boolean(),
    riskScore: z.number(),
    securityFlags: anyJson,
    terminationReason: z.string(),
    terminatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: "AuditSession" });

export const listAuditSessions = defineOperation({
  method: "GET", path: "/api/audit-sessions", operationId: "listAuditSessions", tag: "Sign-in activity",
  summary: "List sign-in sessions",
  description: "Sign-in sessions (and API tokens' sessions, method `api_key`), newest first: your own; yours and your direct reports' for managers; everyone's for auditors and admins. Filters combine; `login_date` is a PKT calendar day; `q` matches the name, email or address. An unknown parameter is a 400.",
  scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to see sign-in sessions.",
  query: sessionsQuerySchema,
  response: { status: 200, description: "A page of sessions.", schema: z.object({ data: z.array(session), nextCursor }) },
});

export const endAuditSession = defineOperation({
  method: "POST", path: "/api/audit-sessions/{id}/end", operationId: "endAuditSession", tag: "Sign-in activity",
  summary: "End a sign-in session",
  description: "Administrators end someone's browser session: the person is signed out on their next request, and the end is on record with the administrator as actor. A session already ended, a refused sign-in and an API token's session (revoke the token instead) are 409. Browser session only; API tokens cannot call it.",
  permission: "sessions:end", deniedMessage: "Only administrators can end sessions.", sameOrigin: true,
  params: z.object({ id: z.uuid("That is not a session.") }),
  response: { status: 200, description: "The session is ended.", schema: z.object({ id: z.uuid(), ended: z.literal(true) }) },
  errors: ["not_found", "conflict"],
});

const dataAccess = z
  .object({
    id: z.string(),
    at: instant,
    user: z.object({ id: z.string().nullable(), name: z.string(), role: z.string() }),
    subject: z.object({ id: z.string(), name: z.string() }).nullable().meta({ description: "Whose data was read, for reads of a person's records; null for searches and lists." }),
    accessType: z.enum(AccessType),
    accessMethod: z.enum(AccessMethod),
    dataCategory: z.enum(DataCategory),
    dataType: z.string(),
    dataFields: anyJson,
    recordCount: z.number().int(),
    purpose: z.string(),
    searchCriteria: anyJson,
    sensitivity: z.enum(SensitivityLevel),
    pii: z.boolean(),
    phi: z.boolean(),
    status: z.enum(AccessStatus),
    denialReason: z.string(),
    ip: z.string(),
    userAgent: z.string(),
    sessionRef: z.string(),
    auditLogId: z.string().nullable(),
  })
  .meta({ id: "DataAccessRecord" });

export const listDataAccessLogs = defineOperation({
  method: "GET", path: "/api/data-access-logs", operationId: "listDataAccessLogs", tag: "Sign-in activity",
  summary: "List data-access records",
  description: "Who read or exported what, newest first: reads by you and reads of your data; for managers also their direct reports'; everyone's for auditors and admins. `user_id` narrows to one reader, `subject_id` to one person's data (refused reads included, `access_status=denied`). Filters combine; dates are PKT calendar days, both inclusive. An unknown parameter is a 400.",
  scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to see data-access logs.",
  query: dataAccessQuerySchema,
  response: { status: 200, description: "A page of records.", schema: z.object({ data: z.array(dataAccess), nextCursor }) },
});
