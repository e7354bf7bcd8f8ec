// The receiver of `npm run bench:stream`, in its own process: a webhook endpoint on
// loopback that verifies each batch's Standard Webhooks signature (as a real receiver
// must), counts events and distinct ids, and keeps each event's lag (receipt time minus
// the entry's time) by tag. Controlled over IPC: { trust }, { report, tag }, { count, tag }, { reset }, and the
// syslog collector's { syslogCount, tag }, { syslogReport, tag }, { syslogReset }.
import http from "node:http";
import net from "node:net";
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

// A syslog collector on TCP: RFC 6587 octet-counted frames of RFC 5424 messages, each
// one an event: its id from the structured data, its time from the header, its tag
// from MSGID. Counted like the webhook's (syslog.*).
const sys = { total: 0, ids: new Set(), lags: new Map() };
const syslog = net.createServer((socket) => {
  let buffer = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    const now = Date.now();
    for (;;) {
      const space = buffer.indexOf(32);
      if (space < 0) break;
      const length = Number(buffer.subarray(0, space).toString("latin1"));
      if (buffer.length < space + 1 + length) break;
      const message = buffer.subarray(space + 1, space + 1 + length).toString("utf8");
      buffer = buffer.subarray(space + 1 + length);
      const [, time, , , , msgid] = message.split(" ", 6);
      const id = /\[hrAudit@32473 id="([^"]+)"/.exec(message)?.[1];
      sys.total++;
      if (id) sys.ids.add(id);
      let list = sys.lags.get(msgid);
      if (!list) sys.lags.set(msgid, (list = []));
      list.push(now - Date.parse(time));
    }
  });
  socket.on("error", () => undefined);
});
await new Promise((r) => syslog.listen(0, "127.0.0.1", r));
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port, syslogPort: syslog.address().port }));

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
process.on("message", (m) => {
  if (m.trust) key = Buffer.from(m.trust.replace(/^whsec_/, ""), "base64");
  if (m.reset) {
    total = 0;
    batches = 0;
    ids.clear();
    lags.clear();
  }
  if (m.count) process.send({ count: true, tagged: (lags.get(m.tag) ?? []).length });
  if (m.syslogCount) process.send({ syslogCount: true, tagged: (sys.lags.get(m.tag) ?? []).length });
  if (m.syslogReset) {
    sys.total = 0;
    sys.ids.clear();
    sys.lags.clear();
  }
  if (m.syslogReport) {
    const lag = [...(sys.lags.get(m.tag) ?? [])].sort((a, b) => a - b);
    process.send({ syslogReport: true, total: sys.total, distinct: sys.ids.size, tagged: lag.length, p50: pct(lag, 50), p95: pct(lag, 95), p99: pct(lag, 99), max: lag.at(-1) ?? null });
  }
  if (m.report) {
    const lag = [...(lags.get(m.tag) ?? [])].sort((a, b) => a - b);
    process.send({ report: true, total, batches, rejected, distinct: ids.size, tagged: lag.length, p50: pct(lag, 50), p95: pct(lag, 95), p99: pct(lag, 99), max: lag.at(-1) ?? null, idsOf: m.withIds ? [...ids] : undefined });
  }
  if (m.stop) server.close(() => process.exit(0));
});
