import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AnnouncementForm } from "@/components/announcements/announcement-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getAnnouncement, getAnnouncementRule, getAudienceOptions } from "@/lib/announcements/queries";
import { todayPkt, windowDays } from "@/lib/announcements/window";
import { requirePermission } from "@/lib/auth/session";
import { ServiceError } from "@/lib/errors";
import { pktDayKey } from "@/lib/time";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Edit announcement" };

export default async function EditAnnouncementPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("announcements:manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const a = await getAnnouncement({ viewer: user, id }).catch((error) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  const [rule, options] = await Promise.all([getAnnouncementRule(user, a.id), getAudienceOptions(user)]);
  return (
    <>
      <PageHeader title="Edit announcement" description={`Changes are recorded in the audit log with the old and new values. Already sent notifications are not sent again.`} />
      <Card>
        <AnnouncementForm
          id={a.id}
          today={todayPkt()}
          options={options}
          initial={{ title: a.title, body: a.body, audienceRule: rule, ...windowDays(a), isActive: a.isActive, pinned: a.pinned, requiresAck: a.requiresAck, sendEmail: a.sendEmail, ackBy: a.ackBy ? pktDayKey(a.ackBy) : "", escalateUnacknowledged: a.escalateUnacknowledged }}
        />
      </Card>
    </>
  );
}
