"use server";

import { revalidatePath } from "next/cache";
import { authActionClient } from "@/lib/safe-action";
import { alertSettingsSchema } from "./schemas";
import { updateAlertSettings } from "./service";

export const updateAlertSettingsAction = authActionClient.metadata({ name: "updateAlertSettings" }).inputSchema(alertSettingsSchema).action(async ({ ctx, parsedInput }) => {
  const { changed } = await updateAlertSettings({ ...ctx.service, values: parsedInput });
  revalidatePath("/admin/settings");
  return { message: changed.length === 0 ? "Nothing changed." : `Saved ${changed.length} threshold${changed.length === 1 ? "" : "s"}.` };
});
