// GET: the signed-in person's feed (?view=all: every announcement, for authors).
// POST: create (Admin and HR Operations).
import { apiRoute } from "@/lib/api/handler";
import { toApiAnnouncement } from "@/lib/announcements/api";
import { getAnnouncement, listFeed, listForAuthors } from "@/lib/announcements/queries";
import { createAnnouncement } from "@/lib/announcements/service";
import { createAnnouncement as createOperation, listAnnouncements } from "@/lib/contract/announcements";
import { can } from "@/lib/access/permissions";
import { ServiceError } from "@/lib/errors";

const NOT_AUTHOR = "Only Admins and HR Operations manage announcements.";

export const GET = apiRoute(listAnnouncements, async ({ user, query }) => {
  if (query.view === "all") {
    // Refused like the wrapper's own permission check (403, on record).
    if (!can(user.role, "announcements:manage")) throw new ServiceError(NOT_AUTHOR, "forbidden");
    const list = await listForAuthors({ viewer: user, filter: { status: query.status, audience: query.audience, cursor: query.cursor } });
    return { data: list.rows.map((r) => ({ ...toApiAnnouncement(r), reach: r.reach })), nextCursor: list.nextCursor };
  }
  const feed = await listFeed({ viewer: user, cursor: query.cursor });
  return { data: feed.rows.map(toApiAnnouncement), nextCursor: feed.nextCursor };
});

export const POST = apiRoute(createOperation, async ({ user, body, ctx }) => {
  const created = await createAnnouncement({ ...ctx, ...body });
  const view = await getAnnouncement({ viewer: user, id: created.id });
  return Response.json({ data: toApiAnnouncement(view) }, { status: 201, headers: { Location: `/api/announcements/${created.id}` } });
});
