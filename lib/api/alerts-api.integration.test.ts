// GET /api/alerts, POST /api/alerts/:id/resolve and GET /api/audit-alerts through the
// route wrapper, signed in for real.
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/test/factories";

const HOUR = 3_600_000;
const current = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getCurrentUser: async () => current.user,
}));

function as(u: Awaited<ReturnType<typeof createUser>>) {
  current.user = { ...u.actor, sessionId: "test-session" };
}

/** A manager with a missing-checkout alert about their report (the scan raises it). */
async function managerWithAlert(prefix: string) {
  const manager = await createUser({ role: "manager", name: `${prefix} Manager` });
  const member = await createUser({ managerId: manager.user.id, name: `${prefix} Member` });
  await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(Date.now() - 13 * HOUR) } });
  const { runScan } = await import("@/lib/alerts/run");
  await runScan("missing_checkout");
  return { manager, member };
}

describe("alerts API", () => {
  it("lists only the caller's alerts with labels and UTC times, and refuses another's resolve with 404", async () => {
    const { manager } = await managerWithAlert("Api");
    const { GET } = await import("@/app/api/alerts/route");
    as(manager);
    const res = await GET(new Request("http://127.0.0.1/api/alerts?type=missing_checkout"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { alerts: Array<{ id: string; subject: string; severity: string; createdAt: string }>; counts: Record<string, number> };
    const mine = body.alerts.filter((a) => a.subject === "Api Member");
    expect(mine).toHaveLength(1);
    expect(mine[0]!.severity).toBe("high");
    expect(mine[0]!.createdAt).toMatch(/Z$/);
    expect(body.counts.high).toBeGreaterThanOrEqual(1);

    const { POST } = await import("@/app/api/alerts/[id]/resolve/route");
    const other = await createUser({ role: "manager" });
    as(other);
    const refused = await POST(new Request(`http://127.0.0.1/api/alerts/${mine[0]!.id}/resolve`, { method: "POST" }), { params: Promise.resolve({ id: mine[0]!.id }) });
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await db.alert.findUniqueOrThrow({ where: { id: mine[0]!.id } })).status).toBe("OPEN");
    expect(await db.auditLog.count({ where: { userId: other.user.id, eventType: "access_denied" } })).toBe(1);

    as(manager);
    const ok = await POST(new Request(`http://127.0.0.1/api/alerts/${mine[0]!.id}/resolve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ note: "done" }) }), { params: Promise.resolve({ id: mine[0]!.id }) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: mine[0]!.id, status: "RESOLVED" });
  });

  it("closes nothing on a body that is not a JSON object: 4xx in the one error body, the alert still open", async () => {
    const { manager, member } = await managerWithAlert("Body");
    const alert = await db.alert.findFirstOrThrow({ where: { recipientUserId: manager.user.id, subjectUserId: member.user.id } });
    const routes = { resolve: (await import("@/app/api/alerts/[id]/resolve/route")).POST, dismiss: (await import("@/app/api/alerts/[id]/dismiss/route")).POST };
    as(manager);
    const json = { "content-type": "application/json" };
    const bodies: Array<[string, BodyInit, Record<string, string>, number, string]> = [
      ["bad JSON", '{"note": "half', json, 400, "invalid_input"],
      ["null", "null", json, 400, "invalid_input"],
      ["an array", '["done"]', json, 400, "invalid_input"],
      ["an unknown field", '{"status":"RESOLVED"}', json, 400, "invalid_input"],
      ["text/plain", '{"note":"done"}', { "content-type": "text/plain" }, 415, "unsupported_media_type"],
      ["a form", "note=done", { "content-type": "application/x-www-form-urlencoded" }, 415, "unsupported_media_type"],
      ["over 1 MiB", JSON.stringify({ note: "x".repeat(1024 * 1024) }), json, 413, "payload_too_large"],
    ];
    for (const [to, POST] of Object.entries(routes)) {
      for (const [what, body, headers, status, code] of bodies) {
        const res = await POST(new Request(`http://127.0.0.1/api/alerts/${alert.id}/${to}`, { method: "POST", headers, body }), { params: Promise.resolve({ id: alert.id }) });
        const answer = (await res.json()) as { error?: { code: string; message: string } };
        expect({ to, what, status: res.status, code: answer.error?.code, message: typeof answer.error?.message }).toEqual({ to, what, status, code, message: "string" });
      }
    }
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("OPEN");
    expect(await db.auditLog.count({ where: { objectId: alert.id } })).toBe(0);
  });

  it("GET /api/audit-alerts is for auditors and admins only", async () => {
    const { GET } = await import("@/app/api/audit-alerts/route");
    const manager = await createUser({ role: "manager" });
    as(manager);
    expect((await GET(new Request("http://127.0.0.1/api/audit-alerts"))).status).toBe(403);
    const denied = await db.auditLog.findMany({ where: { userId: manager.user.id, eventType: "access_denied" } });
    expect(denied).toMatchObject([{ actionType: "access.denied", requestPath: "/api/audit-alerts", requestMethod: "GET" }]);
    as(await createUser({ role: "auditor" }));
    const res = await GET(new Request("http://127.0.0.1/api/audit-alerts?resolved=false"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ results: expect.any(Array), nextCursor: null });
  });
});
