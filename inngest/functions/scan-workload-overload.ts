import { scanFunction } from "./scan";

export const workloadOverloadScan = scanFunction("workload_overload", "20 * * * *");
