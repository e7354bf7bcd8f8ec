import { closeAuditAlertRoute } from "@/lib/alerts/close-audit-alert-route";
import { dismissAuditAlert } from "@/lib/contract/alerts";

export const POST = closeAuditAlertRoute(dismissAuditAlert, "DISMISSED");
