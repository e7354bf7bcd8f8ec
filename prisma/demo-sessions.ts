// The demo's sign-in sessions (audit_sessions), derived from its 90 days of history so
// the sessions workspace shows what the log shows: one session per person per working
// day (and one per sign-in again after lunch), with the address and device the entries
// carry, how it ended, its counters, and the flags the app would have raised; the failed
// sign-ins (the night-time burst included) as refused attempts.
import { describeUserAgent } from "@/lib/auth/user-agent";
import { deviceFamily, judgeSession } from "@/lib/auth/session-flags";
import { isModification } from "@/lib/audit/write/writer";
import type { HistoryEvent } from "./demo-history";

export type DemoSessionRow = {
  sessionId: string; userId: string | null; userName: string; userEmail: string; loginTime: Date; logoutTime: Date | null;
  sessionDurationSeconds: number | null; lastActivityTime: Date; ipAddress: string; userAgent: string; deviceType: string; browserInfo: string;
  loginStatus: "success" | "failure"; pageViews: number; apiCalls: number; dataModificationCount: number; isSuspicious: boolean; riskScore: number;
  securityFlags: string[]; terminationReason: string;
};

export function buildDemoSessions(events: HistoryEvent[], now: Date, idleMs = 30 * 60_000): DemoSessionRow[] {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  type Open = { row: DemoSessionRow; last: number };
  const open = new Map<string, Open>(); // raw session id -> the session being built
  const rows: DemoSessionRow[] = [];
  const seen = new Map<string, { ips: Set<string>; devices: Set<string>; count: number }>();
  const failuresBefore = new Map<string, number>();
  const startsOf = new Map<string, number>(); // raw session id -> sign-ins under it
  let refused = 0;
  for (const { at, entry } of sorted) {
    const ctx = entry.context ?? {};
    const sid = ctx.sessionId ?? "";
    const ua = ctx.userAgent ?? "";
    const who = entry.actor;
    if (entry.actionType === "auth.login_failed") {
      const key = who.id ?? who.email;
      const failures = (failuresBefore.get(key) ?? 0) + 1;
      failuresBefore.set(key, failures);
      rows.push({
        sessionId: `demo-refused-${++refused}`, userId: who.id, userName: who.name, userEmail: who.email, loginTime: at, logoutTime: at,
        sessionDurationSeconds: 0, lastActivityTime: at, ipAddress: ctx.ip ?? "", userAgent: ua, ...describeUserAgent(ua), loginStatus: "failure",
        pageViews: 0, apiCalls: 0, dataModificationCount: 0, isSuspicious: failures >= 3, riskScore: 0,
        securityFlags: failures >= 3 ? ["repeated_failures"] : [], terminationReason: "wrong_password",
      });
      continue;
    }
    if (!sid || !who.id) continue;
    if (entry.actionType === "auth.login_succeeded") {
      const device = describeUserAgent(ua);
      // A sign-in again the same day starts a new session (the history reuses the day's id).
      const previous = open.get(sid);
      if (previous && !previous.row.logoutTime) close(previous, previous.last + idleMs, "idle");
      const history = seen.get(who.id) ?? { ips: new Set<string>(), devices: new Set<string>(), count: 0 };
      const stillOpen = [...open.values()].some((o) => o.row.userId === who.id && !o.row.logoutTime && o.row.ipAddress !== (ctx.ip ?? "") && at.getTime() - o.last < idleMs);
      const risk = judgeSession({
        earlierSessions: history.count, knownAddress: history.ips.has(ctx.ip ?? ""), knownDevice: history.devices.has(deviceFamily(device.browserInfo)),
        openElsewhere: stillOpen, failuresBefore: failuresBefore.get(who.id) ?? 0, at,
      });
      failuresBefore.set(who.id, 0);
      history.ips.add(ctx.ip ?? "");
      history.devices.add(deviceFamily(device.browserInfo));
      history.count++;
      seen.set(who.id, history);
      const starts = (startsOf.get(sid) ?? 0) + 1;
      startsOf.set(sid, starts);
      const row: DemoSessionRow = {
        // The day's first session keeps the id its entries carry (so they link to it).
        sessionId: starts === 1 ? sid : `${sid}-${starts}`, userId: who.id, userName: who.name, userEmail: who.email, loginTime: at, logoutTime: null,
        sessionDurationSeconds: null, lastActivityTime: at, ipAddress: ctx.ip ?? "", userAgent: ua, ...device, loginStatus: "success",
        pageViews: 1, apiCalls: 0, dataModificationCount: 0, ...risk, terminationReason: "",
      };
      rows.push(row);
      open.set(sid, { row, last: at.getTime() });
      continue;
    }
    const o = open.get(sid);
    if (!o || o.row.logoutTime) continue;
    o.last = at.getTime();
    o.row.lastActivityTime = at;
    // Each recorded action stands for the page it was done on and the one before it.
    o.row.pageViews += 2;
    if (isModification(entry)) o.row.dataModificationCount++;
    if (entry.actionType === "auth.signed_out") close(o, at.getTime(), "user_signed_out");
  }
  // Sessions the history leaves open: idle-ended after their last action, unless recent.
  for (const o of open.values()) if (!o.row.logoutTime && now.getTime() - o.last > idleMs) close(o, o.last + idleMs, "idle");
  return rows;

  function close(o: Open, endMs: number, reason: string) {
    o.row.logoutTime = new Date(endMs);
    o.row.sessionDurationSeconds = Math.max(0, Math.round((endMs - o.row.loginTime.getTime()) / 1000));
    o.row.terminationReason = reason;
  }
}
