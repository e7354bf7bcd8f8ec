// Over the demo data (its own database: the seed fills it): overlapping scans and retries.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ALERT_SETTING_DEFAULTS } from "@/lib/settings/schemas";
import { ALERT_CREATED } from "./contract";
import { runAllScans } from "./run";

const settings = { ...ALERT_SETTING_DEFAULTS };

describe("idempotence", () => {
  it("10 concurrent runs of every scan over the demo data create no duplicate open alert", async () => {
    const { seed } = await import("@/prisma/seed");
    await seed();
    const now = new Date();
    await Promise.all(Array.from({ length: 10 }, () => runAllScans({ now, settings })));
    const dupes = await db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM alerts GROUP BY dedupe_key, recipient_user_id HAVING count(*) > 1) d`;
    expect(dupes[0]!.n).toBe(0);
    const byType = await db.alert.groupBy({ by: ["type"], _count: { _all: true } });
    // The demo data has every condition.
    expect(byType.map((t) => t.type).sort()).toEqual(["approval_delay", "idle_after_checkin", "missing_checkout", "overdue_task", "workload_overload"]);
    const alerts = await db.alert.count();
    // An email each for the alerts told at once (critical, by default); the rest wait for a digest.
    expect(await db.outboxMessage.count({ where: { channel: "email", topic: ALERT_CREATED } })).toBe(await db.alert.count({ where: { notifiedAt: { not: null } } }));
    expect(await db.alert.count({ where: { notifiedAt: { not: null }, severity: { not: "critical" } } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { channel: "realtime", topic: ALERT_CREATED } })).toBe(alerts);
    // A full re-run raises nothing.
    const rerun = await runAllScans({ now, settings });
    expect(rerun.reduce((n, r) => n + r.raised.length, 0)).toBe(0);
  }, 180_000);
});
