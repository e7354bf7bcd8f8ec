import type { Metadata } from "next";
import { AnnouncementForm } from "@/components/announcements/announcement-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { getAudienceOptions } from "@/lib/announcements/queries";
import { defaultWindowDays } from "@/lib/announcements/window";

export const metadata: Metadata = { title: "New announcement" };

export default async function NewAnnouncementPage() {
  const user = await requirePermission("announcements:manage");
  const { today, startDate, endDate } = defaultWindowDays();
  const options = await getAudienceOptions(user);
  return (
    <>
      <PageHeader title="New announcement" description="Write it, preview it as readers will see it, then publish. Days are Pakistan time (PKT)." />
      <Card>
        <AnnouncementForm
          today={today}
          options={options}
          initial={{ title: "", body: "", audienceRule: { everyone: true }, startDate, endDate, isActive: true, pinned: false, requiresAck: false, sendEmail: false, ackBy: "", escalateUnacknowledged: false }}
        />
      </Card>
    </>
  );
}
