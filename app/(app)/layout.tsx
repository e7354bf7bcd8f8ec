import { AlertBadge } from "@/components/alerts/alert-badge";
import { LiveAlerts } from "@/components/alerts/live-alerts";
import { LiveAnnouncements } from "@/components/announcements/live-announcements";
import { UnreadBadge } from "@/components/announcements/unread-badge";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { countOpenAlerts } from "@/lib/alerts/queries";
import { countUnreadForViewer } from "@/lib/announcements/queries";
import { ROLE_LABELS } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { navFor } from "@/lib/nav";
import { channelsFor } from "@/lib/realtime/channels";
import { realtimeClientConfig } from "@/lib/realtime/config";
import { AppShell } from "@/components/shell/app-shell";
import { signOutAction } from "./actions";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const [unreadAnnouncements, openAlerts] = await Promise.all([countUnreadForViewer(user), countOpenAlerts(user)]);
  const badges: Record<string, React.ReactNode> = {
    "/announcements": <UnreadBadge count={unreadAnnouncements} />,
    "/alerts": <AlertBadge count={openAlerts} />,
  };
  const nav = navFor(user.role).map(({ href, label }) => ({ href, label, badge: badges[href] }));
  return (
    // One realtime connection per signed-in page: the person's own and role channels.
    <RealtimeProvider config={realtimeClientConfig()} channels={channelsFor(user)}>
      <AppShell
        nav={nav}
        userName={user.name}
        roleLabel={ROLE_LABELS[user.role]}
        departmentName={user.departmentName}
        signOut={signOutAction}
      >
        {children}
      </AppShell>
      <LiveAnnouncements />
      <LiveAlerts />
    </RealtimeProvider>
  );
}
