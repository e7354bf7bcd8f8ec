import { countUnreadAlerts } from "@/lib/alerts/queries";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { navFor } from "@/lib/nav";
import { AppShell } from "@/components/shell/app-shell";
import { signOutAction } from "./actions";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const unreadAlerts = await countUnreadAlerts(user);
  const nav = navFor(user.role).map(({ href, label }) => ({ href, label, ...(href === "/alerts" ? { badge: unreadAlerts, badgeLabel: "unread" } : {}) }));
  return (
    <AppShell
      nav={nav}
      userName={user.name}
      roleLabel={ROLE_LABELS[user.role]}
      departmentName={user.departmentName}
      signOut={signOutAction}
    >
      {children}
    </AppShell>
  );
}
