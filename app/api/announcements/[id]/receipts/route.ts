// GET: the reach of an announcement (authors): counts and each targeted person's
// receipt; ?format=csv downloads it. POST { action: "delivered" | "read" |
// "acknowledge" }: the signed-in person's own receipt.
import { apiRoute } from "@/lib/api/handler";
import { reachCsv, reachCsvFileName } from "@/lib/announcements/csv";
import { getReach } from "@/lib/announcements/queries";
import { recordReceipt } from "@/lib/announcements/service";
import { getAnnouncementReach, recordAnnouncementReceipt } from "@/lib/contract/announcements";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const GET = apiRoute(getAnnouncementReach, async ({ user, params, query, ctx }) => {
    const csv = query.format === "csv";
    const reach = await getReach({ viewer: user, id: params.id, request: ctx.request, accessMethod: csv ? "export" : "api" });
    if (csv) {
      return new Response(reachCsv(reach.people), {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${reachCsvFileName(reach.announcement.title)}"`,
        },
      });
    }
    return {
      data: {
        announcement: { id: reach.announcement.id, title: reach.announcement.title, audience: reach.announcement.audience, audienceLabel: reach.announcement.audienceLabel, requiresAck: reach.announcement.requiresAck, sendEmail: reach.announcement.sendEmail },
        counts: reach.counts,
        people: reach.people.map((p) => ({ name: p.name, email: p.email, role: p.roleLabel, department: p.departmentName, emailedAt: iso(p.emailedAt), deliveredAt: iso(p.deliveredAt), readAt: iso(p.readAt), acknowledgedAt: iso(p.acknowledgedAt) })),
      },
    };
});

export const POST = apiRoute(recordAnnouncementReceipt, async ({ params, body, ctx }) => {
  const result = await recordReceipt({ ...ctx, id: params.id, action: body.action });
  return { data: result };
});
