"use client";

import { ActionForm } from "@/components/ui/action-form";
import { checkInAction, checkOutAction } from "@/lib/attendance/actions";

export function CheckInOut({ checkedIn }: { checkedIn: boolean }) {
  return checkedIn ? (
    <ActionForm action={checkOutAction} submitLabel="Check out" pendingLabel="Checking out…" successMessage="Checked out." variant="secondary">
      {null}
    </ActionForm>
  ) : (
    <ActionForm action={checkInAction} submitLabel="Check in" pendingLabel="Checking in…" successMessage="Checked in.">
      {null}
    </ActionForm>
  );
}
