import { scanFunction } from "./scan";

export const approvalDelayScan = scanFunction("approval_delay", "10 * * * *");
