// Inputs of the audit stream API and forms (issue 22): one zod schema each, used by the
// route handlers and the server actions alike. Client-safe.
import { z } from "zod";
import { FORMATS_OF, STREAM_FORMATS, type StreamTransport } from "./contract";

const name = z.string().trim().min(1, "Give the destination a name.").max(120, "At most 120 characters.");
const filter = z.string().max(2000, "A filter is at most 2,000 characters.");
const url = z.string().trim().min(1, "Give the destination's URL.").max(2000, "At most 2,000 characters.");
const credential = (what: string) => z.string({ error: `Give the ${what}.` }).trim().min(8, `Give the ${what}.`).max(500, `The ${what} is at most 500 characters.`);
const startFrom = z.iso.datetime({ offset: true, error: "Give startFrom as an ISO 8601 date and time." }).optional()
  .meta({ description: "Deliver every entry from this instant still in the log; omitted: entries written from now on." });
const common = { name, filter: filter.default(""), startFrom };
const formatOf = <T extends StreamTransport>(t: T) => z.enum(FORMATS_OF[t], { error: `This transport carries ${FORMATS_OF[t].join(", ")}.` }).default(FORMATS_OF[t][0]);

export const streamIdSchema = z.object({ id: z.uuid("A stream id is a UUID.") });

export const createStreamSchema = z.discriminatedUnion(
  "transport",
  [
    z.object({ ...common, transport: z.literal("webhook"), url, format: formatOf("webhook") }).strict(),
    z.object({
      ...common, transport: z.literal("splunk_hec"), url: url.meta({ description: "The HEC endpoint, e.g. https://splunk.example.com:8088 (…/services/collector/event is added)." }),
      token: credential("HEC token"), sourcetype: z.string().trim().max(100).optional(), index: z.string().trim().max(100).optional(), format: formatOf("splunk_hec"),
    }).strict(),
    z.object({
      ...common, transport: z.literal("datadog"), url: url.meta({ description: "The logs intake of your site, e.g. https://http-intake.logs.datadoghq.eu/api/v2/logs." }),
      apiKey: credential("Datadog API key"), service: z.string().trim().max(100).optional(), format: formatOf("datadog"),
    }).strict(),
    z.object({
      ...common, transport: z.literal("elastic"), url: url.meta({ description: "The cluster, e.g. https://es.example.com:9200 (…/_bulk is added)." }),
      index: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{0,254}$/, "An index name is lowercase letters, digits, ., _ and -."),
      apiKey: credential("Elasticsearch API key"), format: formatOf("elastic"),
    }).strict(),
    z.object({
      ...common, transport: z.literal("syslog"),
      host: z.string({ error: "Give the syslog server's host." }).trim().min(1, "Give the syslog server's host.").max(253).meta({ description: "The syslog server (rsyslog, syslog-ng, a SIEM's collector)." }),
      port: z.number().int().min(1).max(65535).default(6514).meta({ description: "6514 for syslog over TLS (RFC 5425); 601 or your collector's for TCP." }),
      tls: z.boolean().default(true).meta({ description: "TLS with the server's certificate verified (RFC 5425); false for plain TCP (RFC 6587 octet counting)." }),
      ca: z.string().max(20_000).regex(/^\s*-----BEGIN CERTIFICATE-----/, "The CA is a PEM certificate.").optional().meta({ description: "A PEM CA certificate that signed the server's, if not a public CA." }),
      format: formatOf("syslog"),
    }).strict(),
  ],
  { error: "Choose a transport: webhook, splunk_hec, datadog, elastic or syslog." },
);
export type CreateStreamInput = z.infer<typeof createStreamSchema>;

export const updateStreamSchema = z
  .object({
    name: name.optional(), url: url.optional(), filter: filter.optional(), format: z.enum(STREAM_FORMATS).optional(),
    state: z.enum(["active", "paused"], { error: "The state is active or paused." }).optional(),
    credential: credential("new token or API key").optional().meta({ description: "A Splunk, Datadog or Elastic destination's new token or API key (a webhook's secret is rotated instead)." }),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Change at least one of name, url, filter, format, state and credential.");
export type UpdateStreamInput = z.infer<typeof updateStreamSchema>;

export const replayStreamSchema = z.object({ from: z.iso.datetime({ offset: true, error: "Give the start as an ISO 8601 date and time." }) }).strict();
