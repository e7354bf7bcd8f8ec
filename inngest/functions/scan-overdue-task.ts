import { scanFunction } from "./scan";

export const overdueTaskScan = scanFunction("overdue_task", "5-59/15 * * * *");
