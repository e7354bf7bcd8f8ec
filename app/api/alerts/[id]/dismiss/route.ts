import { closeAlertRoute } from "@/lib/alerts/close-route";

export const POST = closeAlertRoute("DISMISSED");
