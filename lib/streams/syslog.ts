import "server-only";
// Syslog transport (issue 22): RFC 5424 messages, framed by octet counting (RFC 6587,
// as RFC 5425 prescribes over TLS), over TCP or TLS with the server's certificate
// verified (against a CA given with the destination, or the system's). Syslog has no
// acknowledgement of its own: a batch counts as delivered once every byte was written
// and the connection closed cleanly; a receiver drops repeats by the event id in the
// structured data.
import net from "node:net";
import os from "node:os";
import tls from "node:tls";
import type { StreamEvent } from "./contract";
import { ocsfEvent } from "./formats";
import type { HttpAnswer } from "./http";
import { checkedAddress } from "./ssrf";

const FACILITY_LOG_AUDIT = 13;
const SEVERITY: Record<string, number> = { critical: 2, high: 4, medium: 5, low: 6 }; // crit, warning, notice, info
const TIMEOUT_MS = 15_000;
// The example Private Enterprise Number of RFC 5612, until the product has its own.
const SD_ID = "hrAudit@32473";

const printable = (text: string, max: number) => (text.replace(/[^\x21-\x7e]/g, "_").slice(0, max) || "-");
const sdValue = (v: string) => v.replace(/[\\"\]]/g, (c) => `\\${c}`);
const f = (e: StreamEvent, k: string) => e.fields[k] ?? "";

/** CEF header fields escape | and \; extension values escape = and \ and newlines (ArcSight CEF 25). */
const cefHeader = (v: string) => v.replace(/[\\|]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, " ");
const cefValue = (v: string) => v.replace(/[\\=]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
const CEF_SEVERITY: Record<string, number> = { low: 3, medium: 5, high: 8, critical: 10 };

/** One entry as a CEF record (for SIEMs that read CEF over syslog). */
export function cefRecord(e: StreamEvent): string {
  const ext: Array<[string, string]> = [
    ["rt", String(Date.parse(e.time))], ["externalId", e.id], ["act", f(e, "action_type")], ["cat", f(e, "event_category")],
    ["suser", f(e, "user_name")], ["suid", f(e, "user_id")], ["src", f(e, "ip_address")], ["outcome", f(e, "status")],
    ["requestMethod", f(e, "request_method")], ["request", f(e, "request_path")], ["msg", f(e, "action_description")],
    ["cs1Label", "entryHash"], ["cs1", e.entryHash], ["cs2Label", "chainPosition"], ["cs2", `${e.chain}:${e.seq}`],
    ["cs3Label", "object"], ["cs3", `${f(e, "object_type")}:${f(e, "object_id")}`],
  ];
  const extension = ext.filter(([, v]) => v !== "").map(([k, v]) => `${k}=${cefValue(v)}`).join(" ");
  return `CEF:0|HR Governance|HR Governance|1|${cefHeader(f(e, "action_type"))}|${cefHeader(f(e, "action_description"))}|${CEF_SEVERITY[f(e, "risk_level")] ?? 3}|${extension}`;
}

/** One entry as an RFC 5424 message: PRI from the risk, the entry's time, MSGID its action, its identity in structured data. */
export function rfc5424(e: StreamEvent, format: string, hostname = os.hostname()): string {
  const pri = FACILITY_LOG_AUDIT * 8 + (SEVERITY[f(e, "risk_level")] ?? 6);
  const sd = `[${SD_ID} id="${sdValue(e.id)}" chain="${e.chain}" seq="${sdValue(e.seq)}" entryHash="${sdValue(e.entryHash)}" category="${sdValue(f(e, "event_category"))}"]`;
  const msg = format === "cef" ? cefRecord(e) : JSON.stringify(format === "ocsf" ? ocsfEvent(e) : e);
  return `<${pri}>1 ${e.time} ${printable(hostname, 255)} hr-governance - ${printable(f(e, "action_type"), 32)} ${sd} ${msg}`;
}

/** Octet-counted frames: "LENGTH MESSAGE", the length in bytes. */
export function octetCounted(messages: string[]): Buffer {
  return Buffer.concat(messages.map((m) => {
    const body = Buffer.from(m, "utf8");
    return Buffer.concat([Buffer.from(`${body.length} `), body]);
  }));
}

export async function sendSyslog(config: Record<string, unknown>, format: string, events: StreamEvent[]): Promise<HttpAnswer> {
  const host = String(config.host ?? "");
  const port = Number(config.port);
  const address = await checkedAddress(host);
  const payload = octetCounted(events.map((e) => rfc5424(e, format)));
  return new Promise<HttpAnswer>((resolve) => {
    let settled = false;
    const done = (a: HttpAnswer) => {
      if (settled) return;
      settled = true;
      resolve(a);
    };
    const socket = config.tls === false
      ? net.connect({ host: address, port })
      : tls.connect({
          host: address, port, servername: net.isIP(host) ? undefined : host, ca: typeof config.ca === "string" && config.ca ? config.ca : undefined,
          checkServerIdentity: (_name, cert) => tls.checkServerIdentity(host, cert),
        });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no progress within ${TIMEOUT_MS / 1000} s`)));
    socket.once(config.tls === false ? "connect" : "secureConnect", () => socket.end(payload));
    socket.on("error", (error) => done({ ok: false, status: 0, body: error.message }));
    socket.on("close", (hadError) => done(hadError ? { ok: false, status: 0, body: "the connection failed" } : { ok: true, status: 0, body: `${events.length} messages written` }));
  });
}
