import "server-only";
// One HTTP(S) POST to a destination, connecting to the address the SSRF check approved
// (a pinned lookup: the check and the connection cannot disagree), with TLS verified
// against the host's name. Plain http:// only for hosts in STREAM_ALLOW_HOSTS (a local
// receiver). The receiver's answer is kept, short, for the health page.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { ServiceError } from "@/lib/errors";
import { allowedHosts, checkedAddress, hostKey } from "./ssrf";

export type HttpAnswer = { ok: boolean; status: number; body: string };

const TIMEOUT_MS = 15_000;
const ANSWER_BYTES = 500;

/** Validates a destination URL: https, or http to an allowed host; no credentials in it. */
export function destinationUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ServiceError("Give the destination as a full URL (https://…).");
  }
  if (url.username || url.password) throw new ServiceError("Put no credentials in the URL; the destination's secret is kept sealed instead.");
  if (url.protocol === "http:" && !allowedHosts().has(hostKey(url.hostname))) {
    throw new ServiceError("Destinations must use https:// (plain http:// only for a host listed in STREAM_ALLOW_HOSTS).");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ServiceError("Destinations must use https://.");
  return url;
}

/** POSTs `body`; the answer's first 500 bytes are kept (all of it with `wholeBody`, up to 16 MB, for _bulk). */
export async function postTo(urlText: string, body: string | Buffer, headers: Record<string, string>, o: { signal?: AbortSignal; wholeBody?: boolean } = {}): Promise<HttpAnswer> {
  const keep = o.wholeBody ? 16 * 1024 * 1024 : ANSWER_BYTES;
  const url = destinationUrl(urlText);
  const address = await checkedAddress(url.hostname);
  const lookup: LookupFunction = (_host, options, callback) => {
    const family = address.includes(":") ? 6 : 4;
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const payload = typeof body === "string" ? Buffer.from(body) : body;
  const client = url.protocol === "https:" ? https : http;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = client.request(
      url,
      { method: "POST", lookup, headers: { "content-type": "application/json", "content-length": String(payload.length), "user-agent": "hr-governance-audit-stream/1", ...headers }, timeout: TIMEOUT_MS, signal: o.signal },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < keep) chunks.push(c);
          size += c.length;
        });
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, status, body: Buffer.concat(chunks).toString("utf8").slice(0, keep) });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
    req.end(payload);
  });
}
