// Audit stream destinations as admins change them (issue 22): created (the secret shown
// once), changed, paused and resumed, re-keyed (the previous secret keeps signing for a
// grace period), replayed from a point still in the log, tested, and removed. Every
// change is audited; a secret appears in no response but the one that makes it, and in
// no audit entry but as its last four characters.
import { ServiceError, isPrismaError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { uuidv7 } from "@/lib/uuidv7";
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { cursorAt, parseFilter } from "./batch";
import { FORMATS_OF, ROTATION_GRACE_MS, syslogAddress, TRANSPORT_LABELS, type StreamTransport } from "./contract";
import { loadStream, sendTestEvent } from "./deliver";
import { destinationUrl } from "./http";
import { getStream, requireStreams, type StreamSummary } from "./queries";
import type { CreateStreamInput, UpdateStreamInput } from "./schemas";
import { newWebhookSecret, sealSecret, secretHint } from "./secrets";
import { checkedAddress } from "./ssrf";

async function checkDestination(url: string): Promise<string> {
  const parsed = destinationUrl(url);
  await checkedAddress(parsed.hostname);
  return parsed.toString();
}


function checkFormat(transport: StreamTransport, format: string) {
  if (!(FORMATS_OF[transport] as readonly string[]).includes(format)) throw new ServiceError(`A ${TRANSPORT_LABELS[transport]} destination receives ${FORMATS_OF[transport].join(", ").replace(/, ([^,]+)$/, " or $1")}.`);
}

/** The non-secret settings a transport keeps beside its URL. */
function configOf(input: CreateStreamInput, url: string): Record<string, string | number | boolean> {
  switch (input.transport) {
    case "syslog":
      return { host: input.host, port: input.port, tls: input.tls, ...(input.ca ? { ca: input.ca } : {}) };
    case "splunk_hec":
      return { url, ...(input.sourcetype ? { sourcetype: input.sourcetype } : {}), ...(input.index ? { index: input.index } : {}) };
    case "datadog":
      return { url, ...(input.service ? { service: input.service } : {}) };
    case "elastic":
      return { url, index: input.index };
    default:
      return { url };
  }
}

const taken = (name: string) => new ServiceError(`An audit stream named "${name}" exists already.`, "conflict");

/**
 * Adds a destination. A webhook's signing secret is made here and answered this once;
 * the token or API key of the other transports is the admin's own and never answered.
 */
export async function createStream(ctx: ServiceContext & { input: CreateStreamInput }): Promise<{ stream: StreamSummary; secret: string | null }> {
  const { actor, request, input } = ctx;
  requireStreams(actor);
  parseFilter(input.filter);
  checkFormat(input.transport, input.format);
  const url = input.transport === "syslog" ? syslogAddress(input) : await checkDestination(input.url);
  if (input.transport === "syslog") await checkedAddress(input.host);
  const id = uuidv7();
  // Syslog authenticates the server (TLS) and has no secret of its own.
  const secret = input.transport === "webhook" ? newWebhookSecret() : input.transport === "splunk_hec" ? input.token : input.transport === "syslog" ? "" : input.apiKey;
  const from = input.startFrom ? new Date(input.startFrom) : null;
  const cursor = await cursorAt(from);
  await auditedTransaction(async (tx, audit) => {
    await tx.auditStream.create({
      data: {
        id, name: input.name, transport: input.transport, format: input.format, filter: input.filter, config: configOf(input, url), secretSealed: sealSecret(secret, id),
        cursor, cursorMovedAt: new Date(), createdById: actor.id, createdByName: actor.name,
      },
    });
    audit.record({
      eventType: "create", category: "system", actionType: "audit_stream.created",
      description: `${actor.name} added the audit stream "${input.name}" (${TRANSPORT_LABELS[input.transport]}) to ${new URL(url).host || url}${from ? `, delivering from ${from.toISOString()}` : ""}`,
      actor: actorFromUser(actor), context: request, object: { type: "audit_stream", id, name: input.name },
      after: { name: input.name, transport: input.transport, ...configOf(input, url), ca: undefined, filter: input.filter, format: input.format, ...(secret ? { secret: secretHint(secret) } : {}), startFrom: from?.toISOString() ?? "now" },
      riskLevel: "high", isComplianceRelated: true,
    });
  }).catch((error: unknown) => {
    throw isPrismaError(error, "P2002") ? taken(input.name) : error;
  });
  return { stream: await getStream(ctx, id), secret: input.transport === "webhook" ? secret : null };
}

async function existing(id: string) {
  const s = await loadStream(id);
  if (!s) throw new ServiceError("No such audit stream.", "not_found");
  return s;
}

export async function updateStream(ctx: ServiceContext & { id: string; input: UpdateStreamInput }): Promise<StreamSummary> {
  const { actor, request, id, input } = ctx;
  requireStreams(actor);
  const s = await existing(id);
  if (input.filter !== undefined) parseFilter(input.filter);
  if (input.format !== undefined) checkFormat(s.transport as StreamTransport, input.format);
  const url = input.url !== undefined ? await checkDestination(input.url) : undefined;
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  const current: Record<string, string> = { name: s.name, filter: s.filter, format: s.format, url: String(s.config.url ?? "") };
  for (const [key, value] of Object.entries({ name: input.name, filter: input.filter, format: input.format, url })) {
    if (value !== undefined && value !== current[key]) {
      before[key] = current[key]!;
      after[key] = value;
    }
  }
  if (input.credential !== undefined) {
    if (s.transport === "webhook") throw new ServiceError("A webhook's signing secret is rotated, not set: use Rotate secret.");
    after.secret = secretHint(input.credential); // dropped by the writer, named in changedFields as a secret
  }
  if (Object.keys(after).length === 0) return getStream(ctx, id);
  await auditedTransaction(async (tx, audit) => {
    await tx.auditStream.update({
      where: { id },
      data: {
        name: input.name, filter: input.filter, format: input.format, ...(url ? { config: { ...s.config, url } } : {}),
        ...(input.credential !== undefined ? { secretSealed: sealSecret(input.credential, id), failingSince: null, nextAttemptAt: null, attempts: 0 } : {}),
      },
    });
    audit.record({
      eventType: "update", category: "system", actionType: "audit_stream.updated",
      description: `${actor.name} changed the ${Object.keys(after).join(", ")} of the audit stream "${input.name ?? s.name}"`,
      actor: actorFromUser(actor), context: request, object: { type: "audit_stream", id, name: input.name ?? s.name },
      before, after, riskLevel: "high", isComplianceRelated: true,
    });
  }).catch((error: unknown) => {
    throw isPrismaError(error, "P2002") ? taken(input.name ?? "") : error;
  });
  return getStream(ctx, id);
}

export async function setStreamState(ctx: ServiceContext & { id: string; state: "active" | "paused" }): Promise<StreamSummary> {
  const { actor, request, id, state } = ctx;
  requireStreams(actor);
  const s = await existing(id);
  if (s.state === state) return getStream(ctx, id);
  await auditedTransaction(async (tx, audit) => {
    await tx.auditStream.update({
      where: { id },
      data: state === "paused"
        ? { state, pausedAt: new Date(), pausedReason: `Paused by ${actor.name}` }
        : { state, pausedAt: null, pausedReason: null, failingSince: null, nextAttemptAt: null, attempts: 0 },
    });
    audit.record({
      eventType: "update", category: "system", actionType: state === "paused" ? "audit_stream.paused" : "audit_stream.resumed",
      description: `${actor.name} ${state === "paused" ? "paused" : "resumed"} the audit stream "${s.name}"`,
      actor: actorFromUser(actor), context: request, object: { type: "audit_stream", id, name: s.name },
      before: { state: s.state }, after: { state }, riskLevel: "high", isComplianceRelated: true,
    });
  });
  return getStream(ctx, id);
}

/** A new signing secret, shown this once; the previous one keeps signing for the grace period. */
export async function rotateStreamSecret(ctx: ServiceContext & { id: string; now?: Date }): Promise<{ stream: StreamSummary; secret: string }> {
  const { actor, request, id } = ctx;
  requireStreams(actor);
  const s = await existing(id);
  if (s.transport !== "webhook") throw new ServiceError("Only a webhook's signing secret is rotated here; give a Splunk, Datadog or Elastic destination its new token or key as `credential`.");
  const secret = newWebhookSecret();
  const until = new Date((ctx.now ?? new Date()).getTime() + ROTATION_GRACE_MS);
  await auditedTransaction(async (tx, audit) => {
    await tx.auditStream.update({ where: { id }, data: { secretSealed: sealSecret(secret, id), previousSecretSealed: s.secretSealed, previousSecretUntil: until } });
    audit.record({
      eventType: "update", category: "security", actionType: "audit_stream.secret_rotated",
      description: `${actor.name} rotated the signing secret of the audit stream "${s.name}"; the previous one signs too until ${until.toISOString()}`,
      actor: actorFromUser(actor), context: request, object: { type: "audit_stream", id, name: s.name },
      after: { secret: secretHint(secret), previousValidUntil: until.toISOString() }, riskLevel: "high", isComplianceRelated: true,
    });
  });
  return { stream: await getStream(ctx, id), secret };
}

/** Delivers again from `from` (every entry from then on still in the log), whatever was delivered before. */
export async function replayStream(ctx: ServiceContext & { id: string; from: Date }): Promise<StreamSummary> {
  const { actor, request, id, from } = ctx;
  requireStreams(actor);
  const s = await existing(id);
  if (Number.isNaN(from.getTime()) || from > new Date()) throw new ServiceError("Replay from a time in the past.");
  const cursor = await cursorAt(from);
  await auditedTransaction(async (tx, audit) => {
    await tx.auditStream.update({ where: { id }, data: { cursor, cursorMovedAt: new Date() } });
    audit.record({
      eventType: "update", category: "system", actionType: "audit_stream.replayed",
      description: `${actor.name} set the audit stream "${s.name}" to deliver again from ${from.toISOString()}`,
      actor: actorFromUser(actor), context: request, object: { type: "audit_stream", id, name: s.name },
      after: { from: from.toISOString() }, riskLevel: "high", isComplianceRelated: true,
    });
  });
  return getStream(ctx, id);
}

export async function testStream(ctx: ServiceContext & { id: string }): Promise<{ ok: boolean; status: number; answer: string }> {
  const { actor, request, id } = ctx;
  requireStreams(actor);
  const s = await existing(id);
  const answer = await sendTestEvent(s);
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "system", category: "system", actionType: "audit_stream.tested",
      description: `${actor.name} sent a test event to the audit stream "${s.name}": ${answer.ok ? `accepted (${answer.status ? `HTTP ${answer.status}` : answer.body.slice(0, 200)})` : `refused (${answer.status ? `HTTP ${answer.status}` : answer.body.slice(0, 200)})`}`,
      actor: actorFromUser(actor), context: request, object: { type: "audit_stream", id, name: s.name },
      additionalData: { status: answer.status, ok: answer.ok }, status: answer.ok ? "success" : "failure",
    });
  });
  return { ok: answer.ok, status: answer.status, answer: answer.body };
}

export async function deleteStream(ctx: ServiceContext & { id: string }): Promise<void> {
  const { actor, request, id } = ctx;
  requireStreams(actor);
  const s = await existing(id);
  await auditedTransaction(async (tx, audit) => {
    await tx.auditStream.delete({ where: { id } });
    audit.record({
      eventType: "delete", category: "system", actionType: "audit_stream.deleted",
      description: `${actor.name} removed the audit stream "${s.name}"`,
      actor: actorFromUser(actor), context: request, object: { type: "audit_stream", id, name: s.name },
      before: { name: s.name, transport: s.transport, url: String(s.config.url ?? ""), filter: s.filter, format: s.format }, riskLevel: "high", isComplianceRelated: true,
    });
  });
}

