"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { audienceRuleSchema } from "./audience";
import { remindAnnouncement } from "./reminders";
import { announcementIdSchema, archiveAnnouncementSchema, createAnnouncementSchema, deliveredActionSchema, editAnnouncementFormSchema, receiptActionSchema } from "./schemas";
import { createAnnouncement, previewAnnouncementAudience, recordDeliveries, recordReceipt, updateAnnouncement } from "./service";

const PATH = "/announcements";

export const createAnnouncementAction = authActionClient.metadata({ name: "createAnnouncement" }).inputSchema(createAnnouncementSchema).action(async ({ ctx, parsedInput }) => {
  const created = await createAnnouncement({ ...ctx.service, ...parsedInput });
  revalidatePath(PATH, "layout");
  redirect(`${PATH}/${created.id}`);
});

export const editAnnouncementAction = authActionClient.metadata({ name: "editAnnouncement" }).inputSchema(editAnnouncementFormSchema).action(async ({ ctx, parsedInput }) => {
  const { id, ...fields } = parsedInput;
  await updateAnnouncement({ ...ctx.service, id, ...fields });
  revalidatePath(PATH, "layout");
  redirect(`${PATH}/${id}`);
});

/** The author's preview: who the rule reaches now, counted and named. */
export const previewAudienceAction = authActionClient
  .metadata({ name: "previewAnnouncementAudience" })
  .inputSchema(z.object({ rule: audienceRuleSchema }))
  .action(async ({ ctx, parsedInput }) => previewAnnouncementAudience({ actor: ctx.service.actor, rule: parsedInput.rule }));

/** "Remind those who have not acknowledged (or read)": once an hour at most, audited. */
export const remindAnnouncementAction = authActionClient
  .metadata({ name: "remindAnnouncement" })
  .inputSchema(announcementIdSchema)
  .action(async ({ ctx, parsedInput }) => {
    const result = await remindAnnouncement({ ...ctx.service, id: parsedInput.id });
    revalidatePath(`${PATH}/${parsedInput.id}/reach`);
    return result;
  });

export const archiveAnnouncementAction = authActionClient.metadata({ name: "archiveAnnouncement" }).inputSchema(archiveAnnouncementSchema).action(async ({ ctx, parsedInput }) => {
  const { id, isActive } = parsedInput;
  await updateAnnouncement({ ...ctx.service, id, isActive });
  revalidatePath(PATH, "layout");
});

export const announcementReceiptAction = authActionClient.metadata({ name: "announcementReceipt" }).inputSchema(receiptActionSchema).action(async ({ ctx, parsedInput }) => {
  const result = await recordReceipt({ ...ctx.service, ...parsedInput });
  if (result.changed) revalidatePath(PATH, "layout");
  return result;
});

export const announcementsDeliveredAction = authActionClient.metadata({ name: "announcementsDelivered" }).inputSchema(deliveredActionSchema).action(async ({ ctx, parsedInput }) => {
  const count = await recordDeliveries({ ...ctx.service, ids: parsedInput.ids });
  return { count };
});
