"use server";

import { z } from "zod";
import { serviceAction } from "@/lib/safe-action";
import { endSessionAsAdmin } from "./end-session";

/** The sessions workspace's "End session" (administrators). */
export const endSessionAction = serviceAction("endSession", z.object({ id: z.uuid("That is not a session.") }), endSessionAsAdmin, "/audit/sessions");
