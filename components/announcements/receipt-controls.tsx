"use client";

import { useAction } from "next-safe-action/hooks";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { announcementReceiptAction } from "@/lib/announcements/actions";

type Props = { id: string; targeted: boolean; read: boolean; requiresAck: boolean; acknowledgedAt: string | null };

/**
 * On the detail page: opening it marks it read (once), and one that asks for it shows
 * the acknowledgement button until acknowledged.
 */
export function ReceiptControls({ id, targeted, read, requiresAck, acknowledgedAt }: Props) {
  const router = useRouter();
  const sent = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const markRead = useAction(announcementReceiptAction, { onSuccess: ({ data }) => data?.changed && router.refresh() });
  const acknowledge = useAction(announcementReceiptAction, {
    onSuccess: () => router.refresh(),
    onError: ({ error: e }) => setError((e.serverError as string | undefined) ?? "Could not record your acknowledgement; please try again."),
  });
  useEffect(() => {
    if (!targeted || read || sent.current) return;
    sent.current = true;
    markRead.execute({ id, action: "read" });
  }, [id, targeted, read, markRead]);

  if (!targeted || !requiresAck) return null;
  if (acknowledgedAt) {
    return (
      <p className="mt-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="acknowledged">
        You acknowledged this on {acknowledgedAt}.
      </p>
    );
  }
  return (
    <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-3">
      <p className="text-sm text-amber-950">This announcement asks you to confirm that you have read and understood it.</p>
      <button
        type="button"
        className="mt-2 rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
        disabled={acknowledge.isPending}
        onClick={() => {
          setError(null);
          acknowledge.execute({ id, action: "acknowledge" });
        }}
      >
        {acknowledge.isPending ? "Saving…" : "Acknowledge"}
      </button>
      {error ? <p role="alert" className="mt-2 text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
