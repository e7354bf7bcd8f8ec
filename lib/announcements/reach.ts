// Who the reach page and GET /api/announcements/{id}/reach list (issue 23): the people
// of an announcement's reach by state and name, a page at a time. One rule for both. Pure.
import { z } from "zod";

export const REACH_SHOWS = ["not_acknowledged", "acknowledged", "not_read", "read", "all"] as const;
export type ReachShow = (typeof REACH_SHOWS)[number];

export const REACH_SHOW_LABELS: Record<ReachShow, string> = {
  not_acknowledged: "Not yet acknowledged",
  acknowledged: "Acknowledged",
  not_read: "Not yet read",
  read: "Read",
  all: "Everyone targeted",
};

export const REACH_PAGE_SIZE = 50;

export const reachQuerySchema = z.object({
  show: z.enum(REACH_SHOWS, { error: `Show is one of: ${REACH_SHOWS.join(", ")}.` }).optional()
    .meta({ description: "Whom to list; default: not_acknowledged when it asks for acknowledgement, else not_read." }),
  q: z.string().trim().max(100, "Search at most 100 characters.").optional().meta({ description: "Part of a name." }),
  page: z.coerce.number({ error: "A page is a number from 1." }).int().min(1, "A page is a number from 1.").max(100_000).default(1),
});

type Person = { name: string; readAt: Date | null; acknowledgedAt: Date | null };

/** The people to list: by state (acknowledged and read latest first, the rest by name) and name, one page. */
export function pickReachPeople<P extends Person>(people: P[], o: { requiresAck: boolean; show?: ReachShow; q?: string; page?: number; pageSize?: number }) {
  const show: ReachShow = o.show && (o.requiresAck || (o.show !== "acknowledged" && o.show !== "not_acknowledged")) ? o.show : o.requiresAck ? "not_acknowledged" : "not_read";
  const q = (o.q ?? "").toLowerCase();
  const matches = people.filter((p) => {
    if (q && !p.name.toLowerCase().includes(q)) return false;
    switch (show) {
      case "acknowledged": return p.acknowledgedAt !== null;
      case "not_acknowledged": return p.acknowledgedAt === null;
      case "read": return p.readAt !== null;
      case "not_read": return p.readAt === null;
      default: return true;
    }
  });
  if (show === "acknowledged") matches.sort((x, y) => y.acknowledgedAt!.getTime() - x.acknowledgedAt!.getTime());
  if (show === "read") matches.sort((x, y) => y.readAt!.getTime() - x.readAt!.getTime());
  const size = o.pageSize ?? REACH_PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(matches.length / size));
  const page = Math.min(pages, Math.max(1, o.page ?? 1));
  return { show, total: matches.length, page, pages, rows: matches.slice((page - 1) * size, page * size) };
}
