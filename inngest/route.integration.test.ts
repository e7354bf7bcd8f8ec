// The served route: registration with Inngest (cloud mode, against a loopback stand-in
// for the Inngest API) lists every function with its cron; in local mode it admits only
// the driver's token, and the driver protocol runs a function to completion through it.
import http from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { driveScheduledRun, handlerTarget } from "@/lib/inngest-driver/drive";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

async function fakeInngestApi() {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      bodies.push({ url: req.url, body: data ? JSON.parse(data) : null });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, modified: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, bodies, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("app/api/inngest", () => {
  it("registers every function of the registry with its cron trigger (cloud mode, signed)", async () => {
    const api = await fakeInngestApi();
    try {
      process.env.INNGEST_SIGNING_KEY = "signkey-test-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
      process.env.INNGEST_BASE_URL = api.url;
      process.env.INNGEST_API_BASE_URL = api.url;
      vi.resetModules();
      const route = await import("@/app/api/inngest/route");
      const { functions } = await import("./registry");
      const res = await route.PUT(new Request("http://127.0.0.1:3999/api/inngest", { method: "PUT" }) as never, undefined);
      expect(res.status).toBe(200);
      const register = api.bodies.find((b) => (b as { url: string }).url?.includes("register")) as { body: { functions: Array<{ id: string; triggers: Array<{ cron?: string }> }> } };
      expect(register).toBeDefined();
      const registered = Object.fromEntries(register.body.functions.map((f) => [f.id, f.triggers.map((t) => t.cron)]));
      expect(Object.keys(registered).sort()).toEqual(functions.map((f) => f.id("hr-governance")).sort());
      for (const fn of functions) {
        const cron = (fn as unknown as { opts: { triggers: Array<{ cron: string }> } }).opts.triggers[0]!.cron;
        expect(registered[fn.id("hr-governance")]).toEqual([cron]);
      }
      expect(Object.keys(registered)).toEqual(expect.arrayContaining([
        "hr-governance-scan-missing-checkout", "hr-governance-scan-overdue-task", "hr-governance-scan-idle-after-checkin",
        "hr-governance-scan-approval-delay", "hr-governance-scan-workload-overload", "hr-governance-outbox-deliver",
        "hr-governance-audit-anomalies", "hr-governance-audit-partitions", "hr-governance-audit-checkpoint",
        "hr-governance-audit-retention", "hr-governance-audit-reports", "hr-governance-audit-rollups",
      ]));
      // An unsigned run request is refused in cloud mode.
      const unsigned = await route.POST(new Request("http://127.0.0.1:3999/api/inngest?fnId=hr-governance-audit-partitions&stepId=step", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }) as never, undefined);
      expect(unsigned.status).toBeGreaterThanOrEqual(400);
    } finally {
      await api.close();
    }
  });

  it("in local mode refuses requests without the driver's token and runs a function for the driver", async () => {
    delete process.env.INNGEST_SIGNING_KEY;
    process.env.INNGEST_LOCAL_TOKEN = "local-driver-token-for-tests-0123456789";
    vi.resetModules();
    const route = await import("@/app/api/inngest/route");
    const anonymous = await route.POST(new Request("http://127.0.0.1/api/inngest?fnId=hr-governance-audit-partitions&stepId=step", { method: "POST", body: "{}" }) as never, undefined);
    expect(anonymous.status).toBe(403);
    const wrong = handlerTarget((req) => route.POST(req as never, undefined), "not-the-token-at-all-000000000000000");
    const refused = await driveScheduledRun({ appId: "hr-governance", functionId: "audit-partitions", cron: "17 3 * * *", target: wrong, retries: 0 });
    expect(refused).toMatchObject({ ok: false, status: 403 });
    const target = handlerTarget((req) => route.POST(req as never, undefined), process.env.INNGEST_LOCAL_TOKEN);
    const run = await driveScheduledRun({ appId: "hr-governance", functionId: "scan-overdue-task", cron: "5-59/15 * * * *", target, retries: 0 });
    expect(run).toMatchObject({ ok: true, status: 200 });
    expect(run.output).toMatchObject({ type: "overdue_task" });
    // One step: a 206 with its result, then the 200 with the function's output.
    expect(run.requests).toBe(2);
  });
});
