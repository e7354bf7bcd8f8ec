import { closeAlertRoute } from "@/lib/alerts/close-route";
import { resolveAlert } from "@/lib/contract/alerts";

export const POST = closeAlertRoute(resolveAlert, "RESOLVED");
