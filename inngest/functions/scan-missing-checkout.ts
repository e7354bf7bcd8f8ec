import { scanFunction } from "./scan";

export const missingCheckoutScan = scanFunction("missing_checkout", "*/10 * * * *");
