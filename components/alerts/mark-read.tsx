"use client";

import { useAction } from "next-safe-action/hooks";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { markAlertsReadAction } from "@/lib/alerts/actions";

/** Marks the alerts shown as read once the page has been seen (clears the nav badge). */
export function MarkRead({ ids }: { ids: string[] }) {
  const router = useRouter();
  const done = useRef(false);
  const { execute } = useAction(markAlertsReadAction, { onSuccess: ({ data }) => void (data?.marked ? router.refresh() : null) });
  useEffect(() => {
    if (done.current || ids.length === 0) return;
    done.current = true;
    execute({ ids });
  }, [ids, execute]);
  return null;
}
