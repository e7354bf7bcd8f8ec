// GET: who an announcement reached (authors): counts, by department and by role, and the
// people by state and name, a page at a time (the reach page's own rule).
import { apiRoute } from "@/lib/api/handler";
import { getReach } from "@/lib/announcements/queries";
import { pickReachPeople } from "@/lib/announcements/reach";
import { getAnnouncementReachPage } from "@/lib/contract/announcements";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const GET = apiRoute(getAnnouncementReachPage, async ({ user, params, query, ctx }) => {
  const reach = await getReach({ viewer: user, id: params.id, request: ctx.request, accessMethod: "api" });
  const a = reach.announcement;
  const picked = pickReachPeople(reach.people, { requiresAck: a.requiresAck, show: query.show, q: query.q, page: query.page });
  return {
    data: {
      announcement: { id: a.id, title: a.title, audience: a.audience, audienceLabel: a.audienceLabel, requiresAck: a.requiresAck, sendEmail: a.sendEmail },
      counts: reach.counts,
      byDepartment: reach.byDepartment,
      byRole: reach.byRole,
      show: picked.show,
      people: picked.rows.map((p) => ({ name: p.name, email: p.email, role: p.roleLabel, department: p.departmentName, emailedAt: iso(p.emailedAt), deliveredAt: iso(p.deliveredAt), readAt: iso(p.readAt), acknowledgedAt: iso(p.acknowledgedAt) })),
      total: picked.total,
      page: picked.page,
      pages: picked.pages,
    },
  };
});
