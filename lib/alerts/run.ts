import { getAlertSettings } from "@/lib/settings/queries";
import type { AlertSettings } from "@/lib/settings/schemas";
import { raiseConditions, type RaiseResult } from "./raise";
import { SCAN_TYPES, type ScanType } from "./contract";
import { CONDITIONS } from "./scans";

export type ScanOptions = { now?: Date; settings?: AlertSettings };

/** One scan: find the conditions that hold now, raise and escalate. What the Inngest function's step runs. */
export async function runScan(type: ScanType, options: ScanOptions = {}): Promise<RaiseResult> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? (await getAlertSettings());
  return raiseConditions({ type, conditions: CONDITIONS[type]({ now, settings }), now, escalationIntervalHours: settings.escalationIntervalHours });
}

/** Every scan once, one after the other (settings read once). */
export async function runAllScans(options: ScanOptions = {}): Promise<RaiseResult[]> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? (await getAlertSettings());
  const results: RaiseResult[] = [];
  for (const type of SCAN_TYPES) results.push(await runScan(type, { now, settings }));
  return results;
}

/** A short JSON-safe summary of a scan (Inngest step output, CLI line). */
export function summarize(result: RaiseResult) {
  return { type: result.type, found: result.found, raised: result.raised.length, escalated: result.escalated };
}
