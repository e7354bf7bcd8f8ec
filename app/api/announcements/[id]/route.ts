// GET one announcement (as shown to the person; authors see any). PATCH: edit, or
// archive with { "isActive": false } (Admin and HR Operations).
import { apiRoute } from "@/lib/api/handler";
import { toApiAnnouncement } from "@/lib/announcements/api";
import { getAnnouncement } from "@/lib/announcements/queries";
import { updateAnnouncement } from "@/lib/announcements/service";
import { getAnnouncement as getOperation, updateAnnouncement as updateOperation } from "@/lib/contract/announcements";

export const GET = apiRoute(getOperation, async ({ user, params }) => {
  const a = await getAnnouncement({ viewer: user, id: params.id });
  return { data: { ...toApiAnnouncement(a), targeted: a.targeted } };
});

export const PATCH = apiRoute(
  updateOperation,
  async ({ user, params, body, ctx }) => {
    await updateAnnouncement({ ...ctx, id: params.id, ...body });
    return { data: toApiAnnouncement(await getAnnouncement({ viewer: user, id: params.id })) };
  },
);
