// Syslog destinations against Debian's rsyslog on loopback (test/rsyslog.ts): RFC 5424
// messages, octet-counted, over TCP and over TLS with the server's certificate verified
// against a test CA. rsyslog's own parser must read each field: the priority, the entry's
// time, the app, the action as MSGID, the entry's identity in structured data, and the
// message (the audit JSON, or CEF).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { createUser, REQUEST } from "@/test/factories";
import { startRsyslog } from "@/test/rsyslog";
import { deliverOnce, loadStream } from "./deliver";
import { createStream, testStream } from "./service";

let admin: Awaited<ReturnType<typeof createUser>>;
let rsyslog: Awaited<ReturnType<typeof startRsyslog>>;

beforeAll(async () => {
  admin = await createUser({ role: "admin", name: "Syslog Admin" });
  rsyslog = await startRsyslog();
}, 60_000);
afterAll(() => rsyslog?.stop());

async function write(n: number, tag: string, risk?: "high") {
  await auditedTransaction(async (_tx, audit) => {
    for (let i = 0; i < n; i++) {
      audit.record({
        eventType: "update", category: "security", actionType: `syslog_test.${tag}`, description: `Syslog ${tag} ${i}: "quoted" and [bracketed] | piped = equal`,
        actor: actorFromUser(admin.actor), context: REQUEST, object: { type: "syslog_test", id: `${tag}-${i}`, name: `Record ${i}` }, ...(risk ? { riskLevel: risk } : {}),
      });
    }
  });
}

async function drain(id: string) {
  for (let i = 0; i < 20; i++) {
    const r = await deliverOnce((await loadStream(id))!);
    if (r.outcome !== "delivered") return r;
  }
  throw new Error("did not drain");
}

async function arrived(tag: string, n: number) {
  for (let i = 0; i < 100; i++) {
    const got = rsyslog.messages().filter((m) => m.msgid === `syslog_test.${tag}`);
    if (got.length >= n) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  return rsyslog.messages().filter((m) => m.msgid === `syslog_test.${tag}`);
}

describe("syslog destinations (rsyslog)", () => {
  it("deliver RFC 5424 over TCP that rsyslog parses field by field, the audit JSON as the message", async () => {
    const { stream, secret } = await createStream({ ...admin.ctx, input: { name: "rsyslog tcp", transport: "syslog", host: "127.0.0.1", port: rsyslog.tcpPort, tls: false, filter: "action:syslog_test.tcp", format: "json" } });
    expect(secret).toBeNull();
    expect(stream.url).toBe(`tcp://127.0.0.1:${rsyslog.tcpPort}`);
    await write(3, "tcp");
    expect(await drain(stream.id)).toEqual({ outcome: "idle" });
    const got = await arrived("tcp", 3);
    expect(got).toHaveLength(3);
    for (const m of got) {
      expect(m).toMatchObject({ pri: String(13 * 8 + 6), app: "hr-governance", procid: "-" });
      const event = JSON.parse(m.msg) as { id: string; time: string; entryHash: string; fields: Record<string, string> };
      expect(m.sd).toBe(`[hrAudit@32473 id="${event.id}" chain="${(event as unknown as { chain: number }).chain}" seq="${(event as unknown as { seq: string }).seq}" entryHash="${event.entryHash}" category="security"]`);
      expect(Date.parse(m.timestamp)).toBe(Date.parse(event.time));
      expect(event.fields.action_description).toMatch(/^Syslog tcp \d: "quoted" and \[bracketed\] \| piped = equal$/);
    }
  });

  it("deliver over TLS, verifying the server against the destination's CA, in CEF and in OCSF; an unknown CA is refused", async () => {
    const { stream } = await createStream({ ...admin.ctx, input: { name: "rsyslog tls", transport: "syslog", host: "127.0.0.1", port: rsyslog.tlsPort, tls: true, ca: rsyslog.ca, filter: "action:syslog_test.tls", format: "cef" } });
    await write(2, "tls", "high");
    expect(await drain(stream.id)).toEqual({ outcome: "idle" });
    const got = await arrived("tls", 2);
    expect(got).toHaveLength(2);
    for (const m of got) {
      expect(m.pri).toBe(String(13 * 8 + 4));
      expect(m.msg).toMatch(/^CEF:0\|HR Governance\|HR Governance\|1\|syslog_test\.tls\|Syslog tls \d: "quoted" and \[bracketed\] \\\| piped = equal\|8\|rt=\d+ externalId=[0-9a-f-]{36} act=syslog_test\.tls cat=security /);
      expect(m.msg).toContain("msg=Syslog tls");
      expect(m.msg).toContain("piped \\= equal");
    }
    // OCSF over the same TLS connection: each message is one OCSF event, rsyslog-parsed.
    const { stream: ocsf } = await createStream({ ...admin.ctx, input: { name: "rsyslog ocsf", transport: "syslog", host: "127.0.0.1", port: rsyslog.tlsPort, tls: true, ca: rsyslog.ca, filter: "action:syslog_test.ocsf", format: "ocsf" } });
    await write(2, "ocsf");
    expect(await drain(ocsf.id)).toEqual({ outcome: "idle" });
    const events = (await arrived("ocsf", 2)).map((m) => JSON.parse(m.msg) as { class_uid: number; metadata: { uid: string; event_code: string }; unmapped: { hr_audit: { entry_hash: string } } });
    expect(events).toHaveLength(2);
    for (const e of events) expect(e).toMatchObject({ class_uid: 3004, metadata: { event_code: "syslog_test.ocsf" }, unmapped: { hr_audit: { entry_hash: expect.stringMatching(/^[0-9a-f]{64}$/) } } });

    // Without the CA (the system's trust only), the test certificate does not verify: nothing counts as delivered.
    const { stream: untrusted } = await createStream({ ...admin.ctx, input: { name: "rsyslog tls, no CA", transport: "syslog", host: "127.0.0.1", port: rsyslog.tlsPort, tls: true, filter: "action:syslog_test.tls", format: "json" } });
    expect(await testStream({ ...admin.ctx, id: untrusted.id })).toMatchObject({ ok: false, answer: expect.stringMatching(/self.signed|unable to (get|verify)|certificate/i) });
  });
});
