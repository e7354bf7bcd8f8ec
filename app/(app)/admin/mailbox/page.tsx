import type { Metadata } from "next";
import { z } from "zod";
import { Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { readMailbox } from "@/lib/email/mailbox";
import { formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

/** What the local SMTP catcher received: the emails the scans sent, for a new user to see. */
const filterSchema = z.object({
  to: z.email().max(254).optional().catch(undefined),
  subject: z.string().trim().max(200).optional().catch(undefined),
});
const SHOWN = 50;

export default async function MailboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("settings:manage");
  const raw = await searchParams;
  const given = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);
  const { to, subject } = filterSchema.parse({ to: given(raw.to), subject: given(raw.subject) });
  // One more than shown, to say when there are more.
  const found = await readMailbox({ to, subject, limit: SHOWN + 1 });
  const messages = found?.slice(0, SHOWN) ?? null;
  const more = (found?.length ?? 0) > SHOWN;
  return (
    <>
      <PageHeader title="Dev mailbox" description="Emails caught by the local SMTP catcher (embedded default only; production sends through SMTP_URL). Newest first, times in PKT." />
      <form method="get" action="/admin/mailbox" className="mb-4 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="mailbox-to" className="block text-sm font-medium text-slate-700">
            Recipient
          </label>
          <input id="mailbox-to" name="to" type="email" defaultValue={to ?? ""} placeholder="manager@acme.test" className="mt-1 w-72 max-w-full rounded-md border border-slate-400 px-3 py-1.5 text-sm" />
        </div>
        <div>
          <label htmlFor="mailbox-subject" className="block text-sm font-medium text-slate-700">
            Subject contains
          </label>
          <input id="mailbox-subject" name="subject" type="search" defaultValue={subject ?? ""} placeholder="Missing check-out" className="mt-1 w-72 max-w-full rounded-md border border-slate-400 px-3 py-1.5 text-sm" />
        </div>
        <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
          Show
        </button>
      </form>
      {more ? <p className="mb-3 text-sm text-slate-700">Showing the newest {SHOWN}; narrow by recipient or subject to find older ones.</p> : null}
      {messages === null ? (
        <EmptyState>No local mail catcher is configured (MAILBOX_FILE is unset): email goes to the SMTP server in SMTP_URL.</EmptyState>
      ) : messages.length === 0 ? (
        <EmptyState>{to || subject ? "No email matches yet." : "No email yet."} Alert emails arrive here within a minute of a scan raising an alert.</EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="mailbox">
          {messages.map((m) => (
            <li key={m.messageId}>
              <Card>
                <article aria-label={m.subject} data-testid="mail">
                  <h2 className="text-base font-semibold text-slate-900">{m.subject}</h2>
                  <p className="mt-1 text-sm text-slate-600">
                    To {m.to.join(", ")} · {formatDateTime(m.receivedAt)}
                  </p>
                  <details className="mt-2">
                    <summary className="cursor-pointer text-sm font-medium text-indigo-800">Show the message</summary>
                    <pre className="mt-2 whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 text-sm text-slate-800">{m.text}</pre>
                  </details>
                </article>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
