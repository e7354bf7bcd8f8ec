import { db } from "@/lib/db";
import { ALERT_SETTING_FIELDS, settingsFromRows, type AlertSettings } from "./schemas";

const KEYS = [...Object.values(ALERT_SETTING_FIELDS).map((f) => f.key), "alerts.approval_delay_days"];

/** The alert thresholds in force (defaults where unset). Read by scans and the settings page. */
export async function getAlertSettings(): Promise<AlertSettings> {
  return settingsFromRows(await db.setting.findMany({ where: { key: { in: KEYS } }, select: { key: true, value: true } }));
}

/** When each threshold was last changed and by whom (labels only), for the settings page. */
export async function getAlertSettingsMeta() {
  const rows = await db.setting.findMany({
    where: { key: { in: KEYS } },
    select: { key: true, updatedAt: true, updatedBy: { select: { name: true } } },
    orderBy: { updatedAt: "desc" },
  });
  return rows[0] ? { updatedAt: rows[0].updatedAt, updatedByName: rows[0].updatedBy?.name ?? null } : null;
}
