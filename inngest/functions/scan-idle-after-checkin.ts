import { scanFunction } from "./scan";

export const idleAfterCheckinScan = scanFunction("idle_after_checkin", "*/10 * * * *");
