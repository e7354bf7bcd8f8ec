import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EditSessionForm } from "@/components/attendance/edit-session-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getEditableSession } from "@/lib/attendance/queries";
import { requireUser } from "@/lib/auth/session";
import { formatDate, formatDateTime, toPktLocalInput } from "@/lib/time";

export const metadata: Metadata = { title: "Correct attendance" };

export default async function EditAttendancePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const session = await getEditableSession({ viewer: user, sessionId: id });
  if (!session) notFound();
  return (
    <>
      <PageHeader
        title={`Correct ${session.user.name}'s attendance`}
        description={`${session.user.title ?? ""}${session.user.department ? `, ${session.user.department.name}` : ""} · session of ${formatDate(session.checkInAt)}`}
      />
      <Card className="max-w-xl">
        <p className="mb-4 text-sm text-slate-700">
          Recorded: in {formatDateTime(session.checkInAt)}, out {formatDateTime(session.checkOutAt, "not yet")}. Times below are PKT.
        </p>
        <EditSessionForm sessionId={session.id} checkInAt={toPktLocalInput(session.checkInAt)} checkOutAt={toPktLocalInput(session.checkOutAt)} />
      </Card>
      <Link href="/attendance" className="mt-4 inline-block text-sm font-medium text-indigo-800 underline">Back to attendance</Link>
    </>
  );
}
