import type { Metadata } from "next";
import { AnnouncementForm } from "@/components/announcements/announcement-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { defaultWindowDays } from "@/lib/announcements/window";

export const metadata: Metadata = { title: "New announcement" };

export default async function NewAnnouncementPage() {
  await requirePermission("announcements:manage");
  const { today, startDate, endDate } = defaultWindowDays();
  return (
    <>
      <PageHeader title="New announcement" description="Write it, preview it as readers will see it, then publish. Days are Pakistan time (PKT)." />
      <Card>
        <AnnouncementForm
          today={today}
          initial={{ title: "", body: "", audience: "all", startDate, endDate, isActive: true, pinned: false, requiresAck: false }}
        />
      </Card>
    </>
  );
}
