/**
 * The navigation's count of open alerts (not snoozed): the same count as Home's summary
 * and the list's Open view (openAlertsWhere). Refreshed with the layout, also live.
 */
export function AlertBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="ml-2 inline-flex min-w-5 items-center justify-center rounded-full bg-red-700 px-1.5 text-xs font-semibold text-white" data-testid="alerts-unread">
      {count > 99 ? "99+" : count}
      <span className="sr-only"> open</span>
    </span>
  );
}
