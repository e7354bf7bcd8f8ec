"use client";

import { ActionForm } from "@/components/ui/action-form";
import { archiveAnnouncementAction } from "@/lib/announcements/actions";

/** Archive (PATCH is_active=false) or restore an announcement. */
export function ArchiveButton({ id, active }: { id: string; active: boolean }) {
  return (
    <ActionForm
      action={archiveAnnouncementAction}
      values={{ id, isActive: active ? "false" : "true" }}
      submitLabel={active ? "Archive" : "Restore"}
      successMessage={active ? "Archived: nobody sees it now." : "Restored."}
      variant={active ? "danger" : "secondary"}
      className="-mt-3"
    >
      {null}
    </ActionForm>
  );
}
