import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SessionResults, type SessionResultRow } from "@/components/audit/session-results";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { REACH, reachLevel } from "@/lib/access/scope";
import { requestContext, requireUser } from "@/lib/auth/session";
import { listAuditSessions } from "@/lib/audit/search/activity-logs";
import { sessionsQuerySchema } from "@/lib/audit/search/schemas";
import { AUTH_METHOD_LABELS, durationLabel, endReasonLabel, LOGIN_STATUS_LABELS, sessionActivityLabel, sessionFlagLabel } from "@/lib/audit/search/session-labels";
import { can } from "@/lib/access/permissions";
import { readListPage } from "@/lib/pagination/list-page";
import { formatDateTime, formatShortDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Sign-in sessions" };

const SCOPE_TEXT = {
  all: "Every sign-in and API token session.",
  team: "Your own sessions and your direct reports'.",
  own: "Your own sessions.",
} as const;

const FILTER_KEYS = ["q", "login_date", "status", "method", "suspicious"] as const;
const INPUT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-600 focus:ring-1 focus:ring-indigo-600 focus:outline-none";

function first(v: string | string[] | undefined): string | undefined {
  return (Array.isArray(v) ? v[0] : v) || undefined;
}

/** Sessions workspace: who signed in, when, from where and with what, and how it ended. */
export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const level = reachLevel(user, REACH.audit);
  if (!level) notFound();
  const raw = await searchParams;
  const asked = Object.fromEntries(FILTER_KEYS.map((k) => [k, first(raw[k])]).filter(([, v]) => v !== undefined));
  const parsed = sessionsQuerySchema.safeParse(asked);
  const filters = parsed.success ? parsed.data : sessionsQuerySchema.parse({});
  const request = await requestContext(user.sessionId, "GET", "/audit/sessions");
  const { list, cursor, notice } = await readListPage(raw.cursor, (c) => listAuditSessions({ actor: user, request, ...filters, cursor: c, limit: 50, order: "newest", accessMethod: "ui" }));
  const now = new Date();
  const canEnd = can(user.role, "sessions:end");
  const rows: SessionResultRow[] = list.data.map((s) => {
    const refused = s.loginStatus !== "success";
    const ended = s.logoutTime ? `${endReasonLabel(s.terminationReason) || "Ended"}${s.durationSeconds !== null && !refused ? `, ${durationLabel(s.durationSeconds)}` : ""}` : "Open";
    const flags = [...new Set(Array.isArray(s.securityFlags) ? (s.securityFlags as unknown[]).map((f) => sessionFlagLabel(String(f))) : [])];
    return {
      id: s.id,
      person: s.user.id === user.id ? `${s.user.name} (you)` : s.user.name,
      email: s.user.email,
      started: s.loginTime,
      startedLabel: formatShortDateTime(new Date(s.loginTime), now),
      ended: refused ? endReasonLabel(s.terminationReason) || "Refused" : ended,
      address: s.ip || "—",
      client: s.browser ? `${s.browser}${s.device && s.device !== "desktop" && s.device !== "script" ? ` (${s.device})` : ""}` : "Unknown client",
      method: AUTH_METHOD_LABELS[s.authenticationMethod],
      outcome: LOGIN_STATUS_LABELS[s.loginStatus],
      refused,
      activity: sessionActivityLabel(s),
      flags,
      suspicious: s.suspicious,
      endable: canEnd && !refused && !s.logoutTime && s.authenticationMethod !== "api_key",
    };
  });
  const kept = Object.fromEntries(FILTER_KEYS.map((k) => [k, parsed.success ? (asked[k] as string | undefined) : undefined]));
  const next = list.nextCursor ? { href: listHref("/audit/sessions", { ...kept, cursor: list.nextCursor }), label: "Older" } : null;
  const newest = cursor ? { href: listHref("/audit/sessions", kept), label: "Newest" } : null;
  const active = FILTER_KEYS.some((k) => kept[k]);
  return (
    <>
      <PageHeader title="Sign-in sessions" description={`${SCOPE_TEXT[level]} Newest first; times in PKT (${formatDateTime(now)} now).`} />
      <form method="get" action="/audit/sessions" role="search" aria-label="Sessions" className="mb-4 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-6 lg:items-end">
        <div className="lg:col-span-2">
          <label htmlFor="s-q" className="block text-sm font-medium text-slate-700">Person or address</label>
          <input id="s-q" name="q" type="search" defaultValue={kept.q ?? ""} placeholder="Name, email or IP address" className={INPUT} />
        </div>
        <div>
          <label htmlFor="s-day" className="block text-sm font-medium text-slate-700">Day (PKT)</label>
          <input id="s-day" name="login_date" type="date" defaultValue={kept.login_date ?? ""} className={INPUT} />
        </div>
        <div>
          <label htmlFor="s-status" className="block text-sm font-medium text-slate-700">Outcome</label>
          <select id="s-status" name="status" defaultValue={kept.status ?? ""} className={INPUT}>
            <option value="">Any outcome</option>
            {Object.entries(LOGIN_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="s-method" className="block text-sm font-medium text-slate-700">Method</label>
          <select id="s-method" name="method" defaultValue={kept.method ?? ""} className={INPUT}>
            <option value="">Any method</option>
            {Object.entries(AUTH_METHOD_LABELS).map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="s-flag" className="block text-sm font-medium text-slate-700">Flagged</label>
          <select id="s-flag" name="suspicious" defaultValue={kept.suspicious ?? ""} className={INPUT}>
            <option value="">Any session</option>
            <option value="true">Suspicious</option>
            <option value="false">Not suspicious</option>
          </select>
        </div>
        <div className="flex gap-3 sm:col-span-2 lg:col-span-6">
          <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">Filter</button>
          {active ? <Link href="/audit/sessions" className="self-center text-sm text-indigo-800 underline underline-offset-2">Clear the filters</Link> : null}
        </div>
      </form>
      {notice ? <Notice>{notice}</Notice> : null}
      {!parsed.success ? <Notice>{parsed.error.issues[0]?.message ?? "Those filters are not valid"}; showing every session.</Notice> : null}
      <SessionResults canEnd={canEnd} rows={rows} previous={newest} next={next} empty={active ? "No sessions match these filters." : "No sessions recorded yet."} />
    </>
  );
}
