import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { appendAuditEntries } from "@/lib/audit/write/writer";
import type { Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import { pktDayKey } from "@/lib/time";
import { importAuditHistory, type HistoryEvent } from "@/prisma/demo-history";
import { seededRng } from "@/prisma/rng";
import { auditAnalytics, rollupUse, wholeWeeks } from "./analytics";
import { addDays, parseQuery } from "./parse";

// Six weeks of history written before anything else in this file's fresh database
// (each chain in time order), rolled up, then a few live entries past the watermark:
// every chart counted from the rollups must equal the same chart counted from the
// entries themselves (a term the rollups do not keep forces that path).
const auditor: Viewer = { id: randomUUID(), role: "auditor" };
const FROM_ENTRIES = " -ip:255.255.255.255/32"; // matches every entry, but only the entries can answer it
const ACTIONS = [
  ["auth.login_succeeded", "security", "login", "low"], ["auth.login_failed", "security", "login", "high"],
  ["task.completed", "performance", "update", "low"], ["leave_request.approved", "governance", "approve", "medium"],
  ["user.role_changed", "user_management", "update", "critical"],
] as const;

function parse(q: string) {
  const parsed = parseQuery(q);
  if (!parsed.ok) throw new Error(`${q}: ${parsed.error.reason}`);
  return parsed.ast;
}

function entry(i: number): AuditEntryInput {
  const [actionType, category, eventType, riskLevel] = ACTIONS[(i * 7) % ACTIONS.length]!;
  return {
    eventType, category, actionType, riskLevel, description: `Rollup fixture ${i}`,
    actor: { id: null, name: `Actor ${i % 9}`, email: `actor${i % 9}@acme.test`, role: ["employee", "manager", "admin"][i % 3]!, department: "" },
    object: { type: "fixture", id: String(i) }, status: actionType === "auth.login_failed" ? "failure" : "success",
  };
}

beforeAll(async () => {
  const start = Date.now() - 45 * 86_400_000;
  const events: HistoryEvent[] = Array.from({ length: 3000 }, (_, i) => ({ at: new Date(start + i * 1_290_000 + (i % 5) * 1000), entry: entry(i) }));
  await importAuditHistory(process.env.TEST_OWNER_DATABASE_URL!, events, seededRng(7));
  await db.$queryRaw`SELECT audit_rollup_advance()`;
  await db.$transaction((tx) => appendAuditEntries(tx, [entry(3001), entry(3002), entry(3003)]));
});

describe("charts from the rollups equal charts from the entries", () => {
  const today = pktDayKey(new Date());
  for (const q of [
    "",
    "category:security",
    "risk:>=medium",
    "category:governance,security risk:low",
    "action:task.* -status:failure",
    `created:${addDays(today, -44)}..${addDays(today, -3)}`,
    `created:>=${addDays(today, -40)} category:security`,
    `created:${addDays(today, -20)}..${addDays(today, -20)}`,
    "hours:off",
    "hours:working category:security",
    "-hours:off risk:>=medium",
  ]) {
    it(JSON.stringify(q), async () => {
      const ast = parse(q);
      expect(rollupUse(ast, auditor)).not.toBe("none");
      const now = new Date();
      const fromRollups = await auditAnalytics({ viewer: auditor, ast, now });
      const fromEntries = await auditAnalytics({ viewer: auditor, ast: parse(q + FROM_ENTRIES), now });
      expect(rollupUse(parse(q + FROM_ENTRIES), auditor)).toBe("none");
      expect(fromRollups.total).toBeGreaterThan(0);
      expect(fromRollups).toEqual(fromEntries);
    });
  }

  it("keeps the per-person totals equal to the per-category rows as the rollups advance", async () => {
    await db.$transaction((tx) => appendAuditEntries(tx, [entry(3004), entry(3005), entry(3006), entry(3007)]));
    await db.$queryRaw`SELECT audit_rollup_advance()`;
    for (const [totals, detail] of [
      ["audit_rollup_actor_totals_daily", "audit_rollup_actors_daily"],
      ["audit_rollup_actor_totals_weekly", "audit_rollup_actors_weekly"],
    ] as const) {
      const differences = await db.$queryRawUnsafe<unknown[]>(`
        (SELECT event_timestamp, user_name, user_role, n FROM ${totals}
         EXCEPT SELECT event_timestamp, user_name, user_role, sum(n) FROM ${detail} GROUP BY 1, 2, 3)
        UNION ALL
        (SELECT event_timestamp, user_name, user_role, sum(n) FROM ${detail} GROUP BY 1, 2, 3
         EXCEPT SELECT event_timestamp, user_name, user_role, n FROM ${totals})`);
      expect(differences).toEqual([]);
    }
    const [total] = await db.$queryRaw<Array<{ n: bigint }>>`SELECT sum(n)::bigint AS n FROM audit_rollup_actor_totals_daily`;
    expect(Number(total!.n)).toBe(3007);
    const now = new Date();
    expect(await auditAnalytics({ viewer: auditor, ast: parse(""), now })).toEqual(await auditAnalytics({ viewer: auditor, ast: parse(FROM_ENTRIES), now }));
  });

  it("splits a window into whole PKT weeks and the days at either end", () => {
    // Wednesday 7 Jan 2026 00:00 PKT to Wednesday 28 Jan 2026 00:00 PKT.
    const w = wholeWeeks({ from: new Date("2026-01-06T19:00:00Z"), to: new Date("2026-01-27T19:00:00Z") });
    expect(w.from.toISOString()).toBe("2026-01-11T19:00:00.000Z"); // Monday 12 Jan 00:00 PKT
    expect(w.to.toISOString()).toBe("2026-01-25T19:00:00.000Z"); // Monday 26 Jan 00:00 PKT
    const none = wholeWeeks({ from: new Date("2026-01-06T19:00:00Z"), to: new Date("2026-01-10T19:00:00Z") });
    expect(none.from).toEqual(none.to);
    const exact = wholeWeeks({ from: new Date("2026-01-11T19:00:00Z"), to: new Date("2026-01-18T19:00:00Z") });
    expect([exact.from.toISOString(), exact.to.toISOString()]).toEqual(["2026-01-11T19:00:00.000Z", "2026-01-18T19:00:00.000Z"]);
  });
});
