import { closeAlertRoute } from "@/lib/alerts/close-route";
import { dismissAlert } from "@/lib/contract/alerts";

export const POST = closeAlertRoute(dismissAlert, "DISMISSED");
