import type { Metadata } from "next";
import { Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { readMailbox } from "@/lib/email/mailbox";
import { formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

/** What the local SMTP catcher received: the emails the scans sent, for a new user to see. */
export default async function MailboxPage() {
  await requirePermission("settings:manage");
  const messages = await readMailbox();
  return (
    <>
      <PageHeader title="Dev mailbox" description="Emails caught by the local SMTP catcher (embedded default only; production sends through SMTP_URL). Newest first, times in PKT." />
      {messages === null ? (
        <EmptyState>No local mail catcher is configured (MAILBOX_FILE is unset): email goes to the SMTP server in SMTP_URL.</EmptyState>
      ) : messages.length === 0 ? (
        <EmptyState>No email yet. Alert emails arrive here within a minute of a scan raising an alert.</EmptyState>
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
