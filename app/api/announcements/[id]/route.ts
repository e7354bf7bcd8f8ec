// GET one announcement (as shown to the person; authors see any). PATCH: edit, or
// archive with { "isActive": false } (Admin and HR Operations).
import { apiRoute } from "@/lib/api/handler";
import { toApiAnnouncement } from "@/lib/announcements/api";
import { getAnnouncement } from "@/lib/announcements/queries";
import { announcementIdSchema, updateAnnouncementSchema } from "@/lib/announcements/schemas";
import { updateAnnouncement } from "@/lib/announcements/service";

export const GET = apiRoute({ scope: "announcements:read", permission: "announcements:view", params: announcementIdSchema }, async ({ user, params }) => {
  const a = await getAnnouncement({ viewer: user, id: params.id });
  return { data: { ...toApiAnnouncement(a), targeted: a.targeted } };
});

export const PATCH = apiRoute(
  { scope: "announcements:write", permission: "announcements:manage", deniedMessage: "Only Admins and HR Operations change announcements.", params: announcementIdSchema, sameOrigin: true, body: updateAnnouncementSchema },
  async ({ user, params, body, ctx }) => {
    await updateAnnouncement({ ...ctx, id: params.id, ...body });
    return { data: toApiAnnouncement(await getAnnouncement({ viewer: user, id: params.id })) };
  },
);
