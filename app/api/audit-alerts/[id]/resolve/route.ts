import { closeAuditAlertRoute } from "@/lib/alerts/close-audit-alert-route";
import { resolveAuditAlert } from "@/lib/contract/alerts";

export const POST = closeAuditAlertRoute(resolveAuditAlert, "RESOLVED");
