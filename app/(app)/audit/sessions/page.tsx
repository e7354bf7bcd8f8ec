import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SessionResults, type SessionResultRow } from "@/components/audit/session-results";
import { Field, FilterSelect, optionsFrom } from "@/components/ui/form-field";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { REACH, reachLevel } from "@/lib/access/scope";
import { requestContext, requireUser } from "@/lib/auth/session";
import { listAuditSessions } from "@/lib/audit/search/activity-logs";
import { sessionsQuerySchema } from "@/lib/audit/search/schemas";
import { AUTH_METHOD_LABELS, AUTH_METHODS, LOGIN_STATUSES, durationLabel, endReasonLabel, LOGIN_STATUS_LABELS, sessionActivityLabel, sessionFlagLabel } from "@/lib/audit/search/session-labels";
import { can } from "@/lib/access/permissions";
import { readListPage } from "@/lib/pagination/list-page";
import { presentParams, type SearchParams } from "@/lib/search-params";
import { formatDateTime, formatShortDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Sign-in sessions" };

const SCOPE_TEXT = {
  all: "Every sign-in and API token session.",
  team: "Your own sessions and your direct reports'.",
  own: "Your own sessions.",
} as const;

const FILTER_KEYS = ["q", "login_date", "status", "method", "suspicious"] as const;
const FLAG_OPTIONS = [{ value: "true", label: "Suspicious" }, { value: "false", label: "Not suspicious" }];

/** Sessions workspace: who signed in, when, from where and with what, and how it ended. */
export default async function SessionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const level = reachLevel(user, REACH.audit);
  if (!level) notFound();
  const raw = await searchParams;
  const asked = presentParams(raw, FILTER_KEYS);
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
          <Field id="s-q" label="Person or address" name="q" type="search" defaultValue={kept.q ?? ""} placeholder="Name, email or IP address" />
        </div>
        <Field id="s-day" label="Day (PKT)" name="login_date" type="date" defaultValue={kept.login_date ?? ""} />
        <FilterSelect id="s-status" label="Outcome" name="status" value={kept.status} any="Any outcome" options={optionsFrom(LOGIN_STATUSES, LOGIN_STATUS_LABELS)} />
        <FilterSelect id="s-method" label="Method" name="method" value={kept.method} any="Any method" options={optionsFrom(AUTH_METHODS, AUTH_METHOD_LABELS)} />
        <FilterSelect id="s-flag" label="Flagged" name="suspicious" value={kept.suspicious} any="Any session" options={FLAG_OPTIONS} />
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
