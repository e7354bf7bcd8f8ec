"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While a report is queued or being generated, the page reads its progress again every 3 s. */
export function ReportsRefresher({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 3000);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}
