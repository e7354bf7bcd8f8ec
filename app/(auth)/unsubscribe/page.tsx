import type { Metadata } from "next";
import { unsubscribeTarget } from "@/lib/announcements/unsubscribe";
import { unsubscribeAction } from "./actions";

export const metadata: Metadata = { title: "Announcement emails" };

/** Reached from the link in an announcement email: confirms, then stops them (no sign-in needed). */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ token?: string; done?: string }> }) {
  const { token } = await searchParams;
  const target = typeof token === "string" && token.length <= 200 ? await unsubscribeTarget(token) : null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-sm font-semibold tracking-wide text-indigo-700 uppercase">HR Governance</p>
        <h1 className="mt-2 text-xl font-bold text-slate-900">Announcement emails</h1>
        {!target ? (
          <p className="mt-4 text-sm text-slate-700">This link is not valid. Use the link at the bottom of an announcement email.</p>
        ) : target.optedOut ? (
          <form action={unsubscribeAction} className="mt-4 space-y-4">
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="subscribe" value="1" />
            <p className="text-sm text-slate-700" role="status">
              {target.name}, you no longer receive announcement emails. Announcements that ask for an acknowledgement are still emailed, and every announcement for you stays on the Announcements page.
            </p>
            <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">Receive announcement emails again</button>
          </form>
        ) : (
          <form action={unsubscribeAction} className="mt-4 space-y-4">
            <input type="hidden" name="token" value={token} />
            <p className="text-sm text-slate-700">
              {target.name}, stop emails of announcements? Those that ask for an acknowledgement are still emailed, and you still see every announcement in the app.
            </p>
            <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">Stop announcement emails</button>
          </form>
        )}
      </div>
    </main>
  );
}
