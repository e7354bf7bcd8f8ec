import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { AnnouncementView } from "@/lib/announcements/queries";
import { formatDate } from "@/lib/time";
import { AnnouncementBody } from "./announcement-body";

/** The first paragraph, cut at a word near 300 characters. */
export function excerpt(markdown: string): { text: string; more: boolean } {
  const first = markdown.trim().split(/\n\s*\n/)[0] ?? "";
  if (first.length <= 300) return { text: first, more: first.length < markdown.trim().length };
  const cut = first.slice(0, 300);
  return { text: `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 200))}…`, more: true };
}

/**
 * One announcement in a feed. Unread ones and ones still waiting for the person's
 * acknowledgement stand out until they are opened or acknowledged.
 */
export function AnnouncementCard({ a, headingLevel = 2 }: { a: AnnouncementView; headingLevel?: 2 | 3 }) {
  const needsAck = a.requiresAck && !a.acknowledgedAt;
  const unread = !a.readAt;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const { text, more } = excerpt(a.body);
  const border = needsAck ? "border-amber-400 ring-1 ring-amber-300" : a.pinned ? "border-indigo-300" : "border-slate-200";
  return (
    <article className={`rounded-lg border bg-white p-4 shadow-sm sm:p-5 ${border}`} data-testid="announcement-card" data-unread={unread ? "true" : "false"}>
      <div className="mb-2 flex flex-wrap items-center gap-2">
        {a.pinned ? <Badge tone="indigo">Pinned</Badge> : null}
        {unread ? <Badge tone="blue">New</Badge> : null}
        {needsAck ? <Badge tone="amber">Acknowledgement needed</Badge> : a.requiresAck ? <Badge tone="green">Acknowledged</Badge> : null}
      </div>
      <Heading className="text-lg font-semibold text-slate-900">
        <Link href={`/announcements/${a.id}`} className="hover:underline">
          {a.title}
        </Link>
      </Heading>
      <p className="mt-1 text-xs text-slate-600">
        {a.authorName} · for {a.audienceLabel} · {formatDate(a.startDate)} to {formatDate(a.endDate)}
      </p>
      <div className="mt-3">
        <AnnouncementBody markdown={text} />
      </div>
      {more || needsAck ? (
        <Link href={`/announcements/${a.id}`} className="mt-3 inline-block text-sm font-medium text-indigo-800 underline">
          {needsAck ? "Read and acknowledge" : "Read more"}
          <span className="sr-only">: {a.title}</span>
        </Link>
      ) : null}
    </article>
  );
}
