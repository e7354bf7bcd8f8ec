"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authActionClient } from "@/lib/safe-action";
import { archiveAnnouncementSchema, createAnnouncementSchema, deliveredActionSchema, editAnnouncementFormSchema, receiptActionSchema } from "./schemas";
import { createAnnouncement, recordDeliveries, recordReceipt, updateAnnouncement } from "./service";

const PATH = "/announcements";

export const createAnnouncementAction = authActionClient.inputSchema(createAnnouncementSchema).action(async ({ ctx, parsedInput }) => {
  const created = await createAnnouncement({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/new` }, ...parsedInput });
  revalidatePath(PATH, "layout");
  redirect(`${PATH}/${created.id}`);
});

export const editAnnouncementAction = authActionClient.inputSchema(editAnnouncementFormSchema).action(async ({ ctx, parsedInput }) => {
  const { id, ...fields } = parsedInput;
  await updateAnnouncement({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/${id}/edit` }, id, ...fields });
  revalidatePath(PATH, "layout");
  redirect(`${PATH}/${id}`);
});

export const archiveAnnouncementAction = authActionClient.inputSchema(archiveAnnouncementSchema).action(async ({ ctx, parsedInput }) => {
  const { id, isActive } = parsedInput;
  await updateAnnouncement({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/${id}` }, id, isActive });
  revalidatePath(PATH, "layout");
});

export const announcementReceiptAction = authActionClient.inputSchema(receiptActionSchema).action(async ({ ctx, parsedInput }) => {
  const result = await recordReceipt({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/${parsedInput.id}` }, ...parsedInput });
  if (result.changed) revalidatePath(PATH, "layout");
  return result;
});

export const announcementsDeliveredAction = authActionClient.inputSchema(deliveredActionSchema).action(async ({ ctx, parsedInput }) => {
  const count = await recordDeliveries({ actor: ctx.user, request: ctx.context, ids: parsedInput.ids });
  return { count };
});
