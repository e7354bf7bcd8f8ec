import { actorFromUser } from "@/lib/audit/actor";
import { auditedTransaction } from "@/lib/audit/transaction";
import { db } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { isPrismaError, ServiceError } from "@/lib/errors";
import { recordTimerStopped } from "@/lib/tasks/service";
import type { ServiceContext } from "@/lib/service-context";
import { formatDate, formatDateTime, formatTime, fromPktLocalInput } from "@/lib/time";

/**
 * Starts the actor's attendance session. The database's one-open-session index is the
 * check (no read before the write); a refusal names the session already open.
 */
export async function checkIn({ actor, request }: ServiceContext) {
  try {
    return await auditedTransaction(async (tx, audit) => {
      const session = await tx.attendanceSession.create({ data: { userId: actor.id, checkInAt: new Date() } });
      audit.record({
        eventType: "create",
        category: "time_attendance",
        actionType: "attendance_session.checked_in",
        description: `${actor.name} checked in at ${formatTime(session.checkInAt)}`,
        actor: actorFromUser(actor),
        context: request,
        object: { type: "attendance_session", id: session.id, name: `Attendance of ${actor.name} on ${formatDate(session.checkInAt)}` },
        subjectUserId: actor.id,
        after: { checkInAt: session.checkInAt },
      });
      return session;
    });
  } catch (error) {
    if (!isPrismaError(error, "P2002")) throw error;
    const open = await db.attendanceSession.findFirst({ where: { userId: actor.id, checkOutAt: null } });
    throw new ServiceError(
      open ? `You are already checked in since ${formatDateTime(open.checkInAt)}. Check out first.` : "You are already checked in. Check out first.",
      "conflict",
    );
  }
}

/** Ends the actor's open attendance session, and a running timer with it. */
export async function checkOut({ actor, request }: ServiceContext) {
  return auditedTransaction(async (tx, audit) => {
    const now = new Date();
    // Find and close in one statement: there is at most one open session per person.
    const [session] = await tx.attendanceSession.updateManyAndReturn({ where: { userId: actor.id, checkOutAt: null }, data: { checkOutAt: now } });
    if (!session) throw new ServiceError("You are not checked in.", "conflict");
    const stopped = await tx.timeLog.updateManyAndReturn({
      where: { userId: actor.id, endedAt: null },
      data: { endedAt: now },
      include: { task: { select: { title: true } } },
    });
    for (const log of stopped) {
      recordTimerStopped({ audit, actor, request, log, taskTitle: log.task?.title, endedAt: now, description: `Timer on "${log.task?.title ?? "untitled work"}" stopped at check-out` });
    }
    audit.record({
      eventType: "update",
      category: "time_attendance",
      actionType: "attendance_session.checked_out",
      description: `${actor.name} checked out at ${formatTime(now)}`,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "attendance_session", id: session.id, name: `Attendance of ${actor.name} on ${formatDate(session.checkInAt)}` },
      subjectUserId: actor.id,
      before: { checkOutAt: null },
      after: { checkOutAt: now },
    });
    return session;
  });
}

type EditSessionOptions = ServiceContext & { sessionId: string; checkInAt: string; checkOutAt?: string; reason: string };

/**
 * A manual correction by HR Operations (anyone's session) or a manager (their direct
 * reports' sessions), with a required reason. Recorded as a manual edit with old and
 * new values.
 */
export async function editSession({ actor, request, sessionId, checkInAt, checkOutAt, reason }: EditSessionOptions) {
  const anyone = can(actor.role, "attendance:edit_any");
  if (!anyone && !can(actor.role, "attendance:edit_team")) {
    throw new ServiceError("You are not allowed to edit attendance.", "forbidden");
  }
  const newIn = fromPktLocalInput(checkInAt);
  const newOut = checkOutAt ? fromPktLocalInput(checkOutAt) : null;
  const now = new Date();
  if (newIn > now || (newOut && newOut > now)) throw new ServiceError("Attendance times cannot be in the future.");
  if (newOut && newOut <= newIn) throw new ServiceError("Check-out must be after check-in.");
  if (newOut && newOut.getTime() - newIn.getTime() > 24 * 3_600_000) throw new ServiceError("A session cannot be longer than 24 hours.");
  try {
    return await auditedTransaction(async (tx, audit) => {
      // Team scope lives in the query: a manager only finds their direct reports' sessions.
      const session = await tx.attendanceSession.findFirst({
        where: { id: sessionId, ...(anyone ? {} : { user: { managerId: actor.id } }) },
        include: { user: { select: { id: true, name: true } } },
      });
      if (!session) throw new ServiceError("That attendance session was not found, or it is not one you can edit.", "not_found");
      if (session.userId === actor.id) throw new ServiceError("You cannot edit your own attendance; ask your manager or HR Operations.", "forbidden");
      const overlapping = await tx.attendanceSession.findFirst({
        where: {
          userId: session.userId,
          id: { not: session.id },
          checkInAt: { lt: newOut ?? new Date(8.64e15) },
          OR: [{ checkOutAt: null }, { checkOutAt: { gt: newIn } }],
        },
      });
      if (overlapping) {
        throw new ServiceError(`Those times overlap another session (${formatDateTime(overlapping.checkInAt)} – ${formatTime(overlapping.checkOutAt)}).`, "conflict");
      }
      const updated = await tx.attendanceSession.update({
        where: { id: session.id },
        data: { checkInAt: newIn, checkOutAt: newOut, isManualEdit: true, editedById: actor.id, editReason: reason },
      });
      audit.record({
        eventType: "update",
        category: "time_attendance",
        actionType: "attendance_session.edited",
        description: `${actor.name} edited ${session.user.name}'s attendance of ${formatDate(session.checkInAt)}: ${reason}`,
        actor: actorFromUser(actor),
        context: request,
        object: { type: "attendance_session", id: session.id, name: `Attendance of ${session.user.name} on ${formatDate(session.checkInAt)}` },
        subjectUserId: session.userId,
        before: { checkInAt: session.checkInAt, checkOutAt: session.checkOutAt },
        after: { checkInAt: updated.checkInAt, checkOutAt: updated.checkOutAt },
        additionalData: { reason, manualEdit: true },
      });
      return updated;
    });
  } catch (error) {
    if (isPrismaError(error, "P2002")) throw new ServiceError("That person already has an open session; give this one a check-out time.", "conflict");
    throw error;
  }
}
