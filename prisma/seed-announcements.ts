// Demo announcements: a pinned one everyone must acknowledge, one each for team leads
// and interns, one for Engineering except its interns, one scheduled to start in three days (it broadcasts at its start), and
// one that expired last week. Live ones count as already broadcast (nobody was signed
// in to receive them); the scheduled one is not.
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { audienceValueOf, describeRule, ruleOfAudience, termsOfRule, type AudienceRule } from "@/lib/announcements/audience";
import { pktWindow } from "@/lib/announcements/window";
import { db } from "@/lib/db";
import { pktDayKey } from "@/lib/time";

const DAY = 24 * 3_600_000;
const day = (offset: number, now: Date) => pktDayKey(new Date(now.getTime() + offset * DAY));

export async function seedAnnouncements(now = new Date()) {
  const hr = await db.user.findUniqueOrThrow({ where: { email: "hr@acme.test" }, include: { department: true } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" }, include: { department: true } });
  const items = [
    {
      author: hr,
      title: "Updated remote work policy: please acknowledge",
      body: "From next month, **remote days** are booked in advance in the Attendance page.\n\n- Up to two remote days a week\n- Core hours stay 11:00 to 16:00 PKT\n- Ask your manager for exceptions\n\nRead the full policy and acknowledge it below.",
      audience: "all" as const,
      start: -2,
      end: 28,
      pinned: true,
      requiresAck: true,
    },
    {
      author: hr,
      title: "Team leads: quarterly check-ins are due",
      body: "Please complete a check-in with each person on your team by the end of the month. The template is in the shared drive.",
      audience: "team_lead" as const,
      start: -1,
      end: 14,
      pinned: false,
      requiresAck: false,
    },
    {
      author: admin,
      title: "Welcome, interns: orientation schedule",
      body: "Orientation runs every Monday at 10:00 PKT in the Learning room. Bring your laptop.",
      audience: "intern" as const,
      start: -5,
      end: 20,
      pinned: false,
      requiresAck: false,
    },
    {
      author: hr,
      title: "Office closed for the public holiday",
      body: "The office is closed on the holiday. Attendance is not expected that day.",
      audience: "all" as const,
      start: 3,
      end: 6,
      pinned: false,
      requiresAck: false,
    },
    {
      author: admin,
      title: "System maintenance window (completed)",
      body: "The HR system was unavailable for one hour on Saturday night for maintenance.",
      audience: "all" as const,
      start: -12,
      end: -7,
      pinned: false,
      requiresAck: false,
    },
  ];
  // One for a department, except its interns (issue 23: audiences as rules).
  const engineering = await db.department.findUniqueOrThrow({ where: { name: "Engineering" } });
  const rules: Array<{ item: (typeof items)[number] | Omit<(typeof items)[number], "audience">; rule: AudienceRule }> = [
    ...items.map((item) => ({ item, rule: ruleOfAudience(item.audience) })),
    {
      item: {
        author: hr, title: "Engineering: sprint review moves to Thursday",
        body: "From next week the Engineering sprint review is on **Thursday at 15:00 PKT**. Interns keep their Friday check-in.",
        start: -1, end: 10, pinned: false, requiresAck: false,
      },
      rule: { departments: [engineering.id], exclude: { roles: ["intern"] } },
    },
  ];
  await auditedTransaction(async (tx, audit) => {
    for (const { item, rule } of rules) {
      const window = pktWindow(day(item.start, now), day(item.end, now));
      const summary = describeRule(rule, { departments: new Map([[engineering.id, engineering.name]]), people: new Map() });
      const a = await tx.announcement.create({
        data: {
          title: item.title,
          body: item.body,
          audience: audienceValueOf(rule),
          audienceSummary: summary,
          audienceTerms: { createMany: { data: termsOfRule(rule) } },
          ...window,
          pinned: item.pinned,
          requiresAck: item.requiresAck,
          createdById: item.author.id,
          createdByName: item.author.name,
          broadcastAt: window.startDate <= now ? now : null,
        },
      });
      audit.record({
        eventType: "create",
        category: "announcements",
        actionType: "announcement.created",
        description: `${item.author.name} created the announcement "${a.title}" (demo data)`,
        actor: actorFromUser(item.author),
        object: { type: "announcement", id: a.id, name: a.title },
        after: { title: a.title, audience: summary, startDate: day(item.start, now), endDate: day(item.end, now), pinned: a.pinned, requiresAck: a.requiresAck },
      });
    }
  });
  return rules.length;
}
