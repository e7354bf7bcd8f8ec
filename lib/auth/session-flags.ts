import type { Tx } from "@/lib/db";
import { isOffHoursPkt } from "@/lib/time";

/**
 * What makes a new sign-in worth a look, judged against the person's own history when
 * the session opens (spec 001 AuditSession: is_suspicious, risk_score, security_flags):
 *
 * - new_address: none of their earlier successful sessions came from this address;
 * - new_device: none used this browser on this system (versions aside);
 * - off_hours: outside PKT working hours (weekends included), as the anomaly scan;
 * - concurrent_addresses: another of their sessions is open, active within the idle
 *   limit, from another address;
 * - failures_before_success: three or more wrong passwords came just before it.
 *
 * A first-ever sign-in is new everywhere, so "new" is flagged only against a history.
 * Suspicious: an open session elsewhere, a burst of failures, or a new address on a new
 * device. The score weighs each flag; the list is stored as codes and read as labels.
 */
export type SessionFlag = "new_address" | "new_device" | "off_hours" | "concurrent_addresses" | "failures_before_success";

const WEIGHT: Record<SessionFlag, number> = { new_address: 20, new_device: 20, off_hours: 10, concurrent_addresses: 35, failures_before_success: 30 };

export type SessionRisk = { securityFlags: SessionFlag[]; isSuspicious: boolean; riskScore: number };

/** "Chrome 131 on Windows 10" → "Chrome on Windows": the same device after an update. */
export function deviceFamily(browserInfo: string): string {
  return browserInfo.replace(/\s\d[\w.]*/g, "").trim();
}

export function judgeSession(facts: {
  earlierSessions: number;
  knownAddress: boolean;
  knownDevice: boolean;
  openElsewhere: boolean;
  failuresBefore: number;
  at: Date;
}): SessionRisk {
  const flags: SessionFlag[] = [];
  if (facts.earlierSessions > 0 && !facts.knownAddress) flags.push("new_address");
  if (facts.earlierSessions > 0 && !facts.knownDevice) flags.push("new_device");
  if (isOffHoursPkt(facts.at)) flags.push("off_hours");
  if (facts.openElsewhere) flags.push("concurrent_addresses");
  if (facts.failuresBefore >= 3) flags.push("failures_before_success");
  const isSuspicious =
    flags.includes("concurrent_addresses") || flags.includes("failures_before_success") || (flags.includes("new_address") && flags.includes("new_device"));
  const riskScore = Math.min(100, flags.reduce((sum, f) => sum + WEIGHT[f], 0));
  return { securityFlags: flags, isSuspicious, riskScore };
}

/** Reads the person's history (one indexed statement) and judges the new session. */
export async function assessSignIn(
  tx: Tx,
  o: { userId: string; ip: string; browserInfo: string; failuresBefore: number; at: Date; idleMs: number },
): Promise<SessionRisk> {
  const [row] = await tx.$queryRaw<Array<{ earlier: bigint; known_address: boolean | null; known_device: boolean | null; open_elsewhere: boolean | null }>>`
    SELECT count(*) AS earlier,
           bool_or(ip_address = ${o.ip}) AS known_address,
           bool_or(regexp_replace(browser_info, '\\s\\d[\\w.]*', '', 'g') = ${deviceFamily(o.browserInfo)}) AS known_device,
           bool_or(logout_time IS NULL AND last_activity_time > ${new Date(o.at.getTime() - o.idleMs)} AND ip_address <> ${o.ip}) AS open_elsewhere
      FROM audit_sessions
     WHERE user_id = ${o.userId}::uuid AND login_status = 'success' AND authentication_method <> 'api_key' AND login_time < ${o.at}`;
  return judgeSession({
    earlierSessions: Number(row?.earlier ?? 0),
    knownAddress: row?.known_address ?? false,
    knownDevice: row?.known_device ?? false,
    openElsewhere: row?.open_elsewhere ?? false,
    failuresBefore: o.failuresBefore,
    at: o.at,
  });
}
