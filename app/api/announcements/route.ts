// GET: the signed-in person's feed (?view=all: every announcement, for authors).
// POST: create (Admin and HR Operations).
import { parseBody } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { toApiAnnouncement } from "@/lib/announcements/api";
import { getAnnouncement, listFeed, listForAuthors } from "@/lib/announcements/queries";
import { createAnnouncementSchema, listQuerySchema } from "@/lib/announcements/schemas";
import { createAnnouncement } from "@/lib/announcements/service";
import { recordAccessDenied } from "@/lib/audit/integrity/service";
import { can } from "@/lib/auth/permissions";

const NOT_AUTHOR = "Only Admins and HR Operations manage announcements.";

export const GET = apiRoute({ permission: "announcements:view", query: listQuerySchema }, async ({ user, query, ctx }) => {
  if (query.view === "all") {
    if (!can(user.role, "announcements:manage")) {
      await recordAccessDenied({ actor: ctx.actor, request: ctx.request, reason: NOT_AUTHOR });
      throw new ApiError(403, "forbidden", NOT_AUTHOR);
    }
    const list = await listForAuthors({ viewer: user, filter: { status: query.status, audience: query.audience, cursor: query.cursor } });
    return { data: list.rows.map((r) => ({ ...toApiAnnouncement(r), reach: r.reach })), nextCursor: list.nextCursor };
  }
  const feed = await listFeed({ viewer: user, cursor: query.cursor });
  return { data: feed.rows.map(toApiAnnouncement), nextCursor: feed.nextCursor };
});

export const POST = apiRoute({ permission: "announcements:manage", deniedMessage: NOT_AUTHOR, sameOrigin: true }, async ({ user, request, ctx }) => {
  const input = await parseBody(request, createAnnouncementSchema);
  const created = await createAnnouncement({ ...ctx, ...input });
  const view = await getAnnouncement({ viewer: user, id: created.id });
  return Response.json({ data: toApiAnnouncement(view) }, { status: 201, headers: { Location: `/api/announcements/${created.id}` } });
});
