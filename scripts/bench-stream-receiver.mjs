// The receiver of `npm run bench:stream`, in its own process: a webhook endpoint on
// loopback that verifies each batch's Standard Webhooks signature (as a real receiver
// must), counts events and distinct ids, and keeps each event's lag (receipt time minus
// the entry's time) by tag. Controlled over IPC: { trust }, { report, tag }, { reset }.
import http from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";

let key = null;

/** Standard Webhooks verification with node:crypto (what a receiver on its own machine would use). */
function verified(id, timestamp, payload, header) {
  const expected = Buffer.from(createHmac("sha256", key).update(`${id}.${timestamp}.`).update(payload).digest("base64"));
  return String(header).split(" ").some((sig) => {
    const given = Buffer.from(sig.replace(/^v1,/, ""));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
let total = 0;
let batches = 0;
let rejected = 0;
const ids = new Set();
const lags = new Map(); // tag -> number[]

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const now = Date.now();
    const payload = Buffer.concat(chunks).toString("utf8");
    if (!key || !verified(req.headers["webhook-id"], req.headers["webhook-timestamp"], payload, req.headers["webhook-signature"])) {
      rejected++;
      res.writeHead(401).end();
      return;
    }
    const body = JSON.parse(payload);
    batches++;
    for (const e of body.events) {
      total++;
      ids.add(e.id);
      const tag = e.fields?.action_type ?? "";
      let list = lags.get(tag);
      if (!list) lags.set(tag, (list = []));
      list.push(now - Date.parse(e.time));
    }
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
process.on("message", (m) => {
  if (m.trust) key = Buffer.from(m.trust.replace(/^whsec_/, ""), "base64");
  if (m.reset) {
    total = 0;
    batches = 0;
    ids.clear();
    lags.clear();
  }
  if (m.report) {
    const lag = [...(lags.get(m.tag) ?? [])].sort((a, b) => a - b);
    process.send({ report: true, total, batches, rejected, distinct: ids.size, tagged: lag.length, p50: pct(lag, 50), p95: pct(lag, 95), p99: pct(lag, 99), max: lag.at(-1) ?? null, idsOf: m.withIds ? [...ids] : undefined });
  }
  if (m.stop) server.close(() => process.exit(0));
});
