import "server-only";
// How each transport carries a batch (issue 22). A webhook gets one JSON body signed per
// Standard Webhooks; Splunk's HTTP Event Collector one event object per entry, with the
// entry's time; Datadog's logs intake a JSON array; Elasticsearch a _bulk of `create`
// actions whose _id is the entry's id, so a repeated delivery is a harmless conflict.
// Success means the receiver accepted every entry: a 2xx, and for _bulk no item failed
// other than as a duplicate.
import { eventJson } from "./batch";
import type { StreamEvent, WebhookBody } from "./contract";
import { ecsDocument, ocsfEvent } from "./formats";
import { postTo, type HttpAnswer } from "./http";
import { signStandardWebhook } from "./signature";
import { sendSyslog } from "./syslog";

export type Sendable = {
  id: string; name: string; transport: string; format: string; config: Record<string, unknown>;
  /** The secrets that sign or authenticate now (a webhook's previous one too, during its grace). */
  secrets: string[];
};

/** One entry in the destination's format, as an object (audit JSON: the event itself). */
export function formatted(e: StreamEvent, format: string): object {
  return format === "ocsf" ? ocsfEvent(e) : format === "ecs" ? ecsDocument(e) : e;
}

/** One entry in the destination's format, as JSON text (audit JSON: the database's text, ready-made). */
export function formattedJson(e: StreamEvent, format: string): string {
  return format === "json" ? eventJson(e) : JSON.stringify(formatted(e, format));
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

async function webhook(s: Sendable, events: StreamEvent[], type: WebhookBody["type"], msgId: string, now: Date): Promise<HttpAnswer> {
  // WebhookBody, written out: the events' JSON text is ready-made (lib/streams/batch.ts).
  const payload = `{"type":${JSON.stringify(type)},"stream":${JSON.stringify({ id: s.id, name: s.name })},"count":${events.length},"events":[${events.map((e) => formattedJson(e, s.format)).join(",")}]}`;
  const seconds = Math.floor(now.getTime() / 1000);
  const signatures = s.secrets.map((secret) => signStandardWebhook(secret, msgId, seconds, payload));
  return postTo(str(s.config.url), payload, {
    "webhook-id": msgId,
    "webhook-timestamp": String(seconds),
    "webhook-signature": signatures.join(" "),
  });
}

async function splunk(s: Sendable, events: StreamEvent[], msgId: string): Promise<HttpAnswer> {
  const body = events
    .map((e) => JSON.stringify({
      time: Date.parse(e.time) / 1000, host: "hr-governance", source: "hr-governance:audit", sourcetype: str(s.config.sourcetype) || "hr:audit",
      ...(str(s.config.index) ? { index: str(s.config.index) } : {}), event: formatted(e, s.format),
    }))
    .join("\n");
  const url = new URL(str(s.config.url));
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/services/collector/event";
  return postTo(url.toString(), body, { authorization: `Splunk ${s.secrets[0]}`, "x-splunk-request-channel": msgId.replace(/^msg_/, "").slice(0, 36) });
}

async function datadog(s: Sendable, events: StreamEvent[]): Promise<HttpAnswer> {
  const body = JSON.stringify(
    events.map((e) => ({
      ddsource: "hr-governance", service: str(s.config.service) || "hr-governance-audit", hostname: "hr-governance",
      ddtags: `category:${e.fields.event_category ?? ""},risk:${e.fields.risk_level ?? ""}`, message: e.fields.action_description ?? e.fields.action_type ?? "", date: e.time,
      ...(s.format === "ocsf" ? { ocsf: formatted(e, "ocsf") } : { audit: e }),
    })),
  );
  return postTo(str(s.config.url), body, { "dd-api-key": s.secrets[0]! });
}

async function elastic(s: Sendable, events: StreamEvent[]): Promise<HttpAnswer> {
  const index = str(s.config.index);
  const body = `${events.map((e) => `${JSON.stringify({ create: { _index: index, _id: e.id } })}\n${formattedJson(e, s.format)}`).join("\n")}\n`;
  const url = new URL(str(s.config.url));
  url.pathname = `${url.pathname.replace(/\/$/, "")}/_bulk`;
  const answer = await postTo(url.toString(), body, { authorization: `ApiKey ${s.secrets[0]}`, "content-type": "application/x-ndjson" }, { wholeBody: true });
  if (!answer.ok) return { ...answer, body: answer.body.slice(0, 500) };
  // 200 with errors: true names each failed item; a 409 is an entry the index already holds.
  try {
    const parsed = JSON.parse(answer.body) as { errors?: boolean; items?: Array<Record<string, { status: number; error?: { type?: string; reason?: string } }>> };
    if (parsed.errors) {
      const failed = (parsed.items ?? []).map((i) => Object.values(i)[0]!).filter((r) => r.status !== 409 && (r.status < 200 || r.status >= 300));
      if (failed.length > 0) return { ok: false, status: answer.status, body: `${failed.length} of ${events.length} entries refused: ${failed[0]!.error?.type ?? ""} ${failed[0]!.error?.reason ?? ""}`.slice(0, 500) };
    }
  } catch {
    return { ok: false, status: answer.status, body: `the answer is not a _bulk response: ${answer.body.slice(0, 200)}` };
  }
  return { ...answer, body: answer.body.slice(0, 500) };
}

export async function sendBatch(s: Sendable, events: StreamEvent[], type: WebhookBody["type"], msgId: string, now: Date): Promise<HttpAnswer> {
  switch (s.transport) {
    case "webhook":
      return webhook(s, events, type, msgId, now);
    case "splunk_hec":
      return splunk(s, events, msgId);
    case "datadog":
      return datadog(s, events);
    case "elastic":
      return elastic(s, events);
    case "syslog":
      return sendSyslog(s.config, s.format, events);
    default:
      throw new Error(`The ${s.transport} transport is not delivered yet`);
  }
}
