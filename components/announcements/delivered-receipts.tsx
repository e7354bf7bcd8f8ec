"use client";

import { useAction } from "next-safe-action/hooks";
import { useEffect, useRef } from "react";
import { announcementsDeliveredAction } from "@/lib/announcements/actions";

/** Records that these announcements reached the person's screen (feed, home, detail). */
export function DeliveredReceipts({ ids }: { ids: string[] }) {
  const { execute } = useAction(announcementsDeliveredAction);
  const sent = useRef(new Set<string>());
  const key = ids.join(",");
  useEffect(() => {
    const fresh = key.split(",").filter((id) => id && !sent.current.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) sent.current.add(id);
    execute({ ids: fresh.slice(0, 100) });
  }, [key, execute]);
  return null;
}
