// The receiver of `npm run bench:stream`, in its own process: a webhook endpoint on
// loopback that verifies each batch's Standard Webhooks signature (as a real receiver
// must), counts events and distinct ids, and keeps each event's lag (receipt time minus
// the entry's time) by tag. Controlled over IPC: { trust }, { report, tag }, { reset }.
import http from "node:http";
import { Webhook } from "standardwebhooks";

let webhook = null;
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
    try {
      webhook.verify(payload, { "webhook-id": req.headers["webhook-id"], "webhook-timestamp": req.headers["webhook-timestamp"], "webhook-signature": req.headers["webhook-signature"] });
    } catch {
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
  if (m.trust) webhook = new Webhook(m.trust);
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
