import { scanFunction } from "./scan";

export const unacknowledgedAnnouncementScan = scanFunction("unacknowledged_announcement", "20 * * * *");
