// Audit streams (issue 22): what a destination is, and what it receives. Client-safe:
// the transports and formats, their labels, and the event shapes the formats produce.

export const STREAM_TRANSPORTS = ["webhook", "splunk_hec", "datadog", "elastic", "syslog"] as const;
export type StreamTransport = (typeof STREAM_TRANSPORTS)[number];

export const STREAM_FORMATS = ["json", "ocsf", "cef", "ecs"] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];

export const TRANSPORT_LABELS: Record<StreamTransport, string> = {
  webhook: "HTTPS webhook (Standard Webhooks signatures)",
  splunk_hec: "Splunk HTTP Event Collector",
  datadog: "Datadog logs",
  elastic: "Elasticsearch / OpenSearch",
  syslog: "Syslog (RFC 5424, TCP or TLS)",
};

/** The formats each transport can carry (the first is its default). */
export const FORMATS_OF = {
  webhook: ["json", "ocsf"], splunk_hec: ["json", "ocsf"], datadog: ["json", "ocsf"], elastic: ["ecs", "json", "ocsf"], syslog: ["json", "cef", "ocsf"],
} as const satisfies Record<StreamTransport, readonly [StreamFormat, ...StreamFormat[]]>;

export const FORMAT_LABELS: Record<StreamFormat, string> = {
  json: "Audit JSON",
  ocsf: "OCSF 1.8",
  cef: "CEF",
  ecs: "Elastic Common Schema",
};

/** Where a syslog destination points, as pages and audit entries name it: tls://host:port or tcp://host:port. */
export function syslogAddress(c: { host: string; port: number; tls: boolean }): string {
  return `${c.tls ? "tls" : "tcp"}://${c.host}:${c.port}`;
}

export const STREAM_STATES = ["active", "paused"] as const;
export type StreamState = (typeof STREAM_STATES)[number];

/** Batches: at most this many entries, and about this many bytes of body. */
export const BATCH_MAX_EVENTS = 1000;
export const BATCH_MAX_BYTES = 2_000_000;
/** A destination failing this long is paused and the admins alerted. */
export const PAUSE_AFTER_FAILING_MS = 24 * 3_600_000;
/** After a rotation, the previous webhook secret still signs for this long. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;

/**
 * One audit entry as the audit JSON format sends it: its id, time, chain position and
 * entry hash, and every hashed field as the row prints it, so a receiver holding the
 * previous entry's hash can recompute this one (and prove it against a signed checkpoint).
 */
export type StreamEvent = {
  id: string;
  time: string;
  chain: number;
  seq: string;
  entryHash: string;
  fields: Record<string, string | null>;
};

/** The body of a webhook delivery (audit JSON format). */
export type WebhookBody = { type: "audit.entries" | "audit.test"; stream: { id: string; name: string }; count: number; events: StreamEvent[] };
