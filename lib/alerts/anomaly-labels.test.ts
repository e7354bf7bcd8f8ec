import { describe, expect, it } from "vitest";
import { parseQuery } from "@/lib/audit/search/parse";
import { anomalyDetails, anomalyEvidence, anomalyHistoryHref, anomalyTitle, anomalyTypeLabel } from "./anomaly-labels";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const CODE = /\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z_]+\b/;
const ENTRY = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

// What the scan stores (lib/alerts/anomalies.ts).
const burst = { alertType: "failed_signin_burst", details: { scope: "account", account: "sara@acme.test", count: 7, windowStart: "2026-03-10T22:00:00.000Z", windowMinutes: 15 } };
const ipBurst = { alertType: "failed_signin_burst", details: { scope: "ip", ip: "203.0.113.66", count: 24, windowStart: "2026-03-10T18:30:00.000Z" } };
const bigExport = { alertType: "large_export", details: { auditEntryId: ENTRY, rows: 48_213, actionType: "audit_log.exported", by: "Omar Auditor" } };
const offHours = { alertType: "off_hours_privilege_change", details: { auditEntryId: ENTRY, actionType: "user.role_changed", by: "Ayla Admin", object: "Sara Khan" } };

describe("anomaly alerts in words", () => {
  it("names each kind, and one it does not know from its code", () => {
    expect(["failed_signin_burst", "large_export", "off_hours_privilege_change", "bulk_export"].map(anomalyTypeLabel)).toEqual([
      "Failed sign-in burst", "Large export", "Off-hours privilege change", "Bulk export",
    ]);
  });

  it("titles an alert by what it found", () => {
    expect([burst, ipBurst, bigExport, offHours, { alertType: "bulk_export", details: {} }, { alertType: "large_export", details: null }].map(anomalyTitle)).toEqual([
      "Failed sign-in burst on sara@acme.test",
      "Failed sign-in burst from 203.0.113.66",
      "Large export by Omar Auditor",
      "Off-hours privilege change by Ayla Admin",
      "Bulk export",
      "Large export",
    ]);
  });

  it("gives the details as labelled words: PKT times, labels for codes, no ids", () => {
    expect(anomalyDetails(burst)).toEqual([
      { label: "Account", text: "sara@acme.test" },
      { label: "Failed sign-ins", text: "7" },
      { label: "Within", text: "11 Mar 2026, 03:00 PKT to 03:15 PKT" },
    ]);
    expect(anomalyDetails(ipBurst)[0]).toEqual({ label: "From address", text: "203.0.113.66" });
    expect(anomalyDetails(bigExport)).toEqual([
      { label: "Exported by", text: "Omar Auditor" },
      { label: "Rows", text: "48,213" },
      { label: "Export", text: "Audit log · exported" },
    ]);
    expect(anomalyDetails(offHours)).toEqual([
      { label: "Changed by", text: "Ayla Admin" },
      { label: "Change", text: "User · role changed" },
      { label: "Record", text: "Sara Khan" },
    ]);
    // An unknown kind: its values labelled, ids and nested values left out.
    expect(anomalyDetails({ alertType: "bulk_export", details: { exports: 12, window_kind: "rolling_hour", by: ENTRY, extra: { a: 1 } } })).toEqual([
      { label: "Exports", text: "12" },
      { label: "Window kind", text: "Rolling hour" },
    ]);
    for (const facts of [burst, ipBurst, bigExport, offHours]) {
      for (const d of anomalyDetails(facts)) {
        expect(d.text).not.toMatch(UUID);
        // Email addresses are data, not codes (as e2e/readable.spec.ts reads them).
        expect(d.text.replace(/[\w.+-]+@[\w.-]+/g, "")).not.toMatch(CODE);
      }
    }
  });

  it("links to the entries behind it: the entry itself, or the failed sign-ins of its window as a search that parses", () => {
    expect(anomalyEvidence(bigExport)).toEqual([{ href: `/audit/${ENTRY}`, label: "The audit entry of the export" }]);
    expect(anomalyEvidence(offHours)).toEqual([{ href: `/audit/${ENTRY}`, label: "The audit entry of the privilege change" }]);
    const [failed, everything] = anomalyEvidence(burst);
    expect(failed!.label).toBe("The 7 failed sign-ins on this account, that day");
    const q = (href: string) => new URLSearchParams(href.split("?")[1]).get("q")!;
    expect(q(failed!.href)).toBe("action:auth.login_failed actor:sara@acme.test created:2026-03-11..2026-03-11");
    expect(q(everything!.href)).toBe("actor:sara@acme.test created:2026-03-11..2026-03-11");
    // A window across PKT midnight spans both days.
    expect(q(anomalyEvidence(ipBurst)[0]!.href)).toBe("action:auth.login_failed ip:203.0.113.66 created:2026-03-10..2026-03-10");
    const late = { ...ipBurst, details: { ...ipBurst.details, windowStart: "2026-03-10T18:50:00.000Z" } };
    expect(q(anomalyEvidence(late)[0]!.href)).toBe("action:auth.login_failed ip:203.0.113.66 created:2026-03-10..2026-03-11");
    // An account that needs quoting is quoted.
    const odd = { ...burst, details: { ...burst.details, account: 'o"brien x@acme.test' } };
    expect(q(anomalyEvidence(odd)[0]!.href)).toBe('action:auth.login_failed actor:"o\\"brien x@acme.test" created:2026-03-11..2026-03-11');
    for (const facts of [burst, ipBurst, late, odd]) {
      for (const link of anomalyEvidence(facts)) expect(parseQuery(q(link.href)).ok).toBe(true);
    }
    expect(parseQuery(q(anomalyHistoryHref(ENTRY))).ok).toBe(true);
    // Nothing to link to: no links rather than broken ones.
    expect(anomalyEvidence({ alertType: "large_export", details: { auditEntryId: "not-an-id" } })).toEqual([]);
    expect(anomalyEvidence({ alertType: "failed_signin_burst", details: { scope: "account" } })).toEqual([]);
  });
});
