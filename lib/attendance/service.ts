import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedStatement } from "@/lib/audit/write/statement";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { uuidv7 } from "@/lib/uuidv7";
import { db } from "@/lib/db";
import { editableSessionsWhere } from "./scope";
import { isPrismaError, isUniqueViolation, ServiceError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { timerStoppedRows } from "@/lib/tasks/service";
import type { ServiceContext } from "@/lib/service-context";
import { overlapWhere } from "@/lib/spans";
import { formatDate, formatDateTime, formatTime, fromPktLocalInput } from "@/lib/time";
import { pktDateSql } from "@/lib/time-sql";

/**
 * Starts the actor's attendance session: the insert and its audit entry in one
 * statement. The database's one-open-session index is the check (no read before the
 * write); a refusal names the session already open.
 */
export async function checkIn({ actor, request }: ServiceContext) {
  const session = { id: uuidv7(), userId: actor.id, checkInAt: new Date(), checkOutAt: null };
  try {
    await auditedStatement(
      [{
        name: "session",
        requireRow: "The check-in was not saved.",
        sql: Prisma.sql`INSERT INTO attendance_sessions (id, user_id, check_in_at, updated_at)
                        VALUES (${session.id}::uuid, ${actor.id}::uuid, ${session.checkInAt}, ${session.checkInAt}) RETURNING id`,
      }],
      [{
        eventType: "create",
        category: "time_attendance",
        actionType: "attendance_session.checked_in",
        description: `${actor.name} checked in at ${formatTime(session.checkInAt)}`,
        actor: actorFromUser(actor),
        context: request,
        object: { type: "attendance_session", id: session.id, name: sessionName(actor.name, session.checkInAt) },
        subjectUserId: actor.id,
        after: { checkInAt: session.checkInAt },
      }],
    );
    return session;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const open = await db.attendanceSession.findFirst({ where: { userId: actor.id, checkOutAt: null } });
    throw new ServiceError(
      open ? `You are already checked in since ${formatDateTime(open.checkInAt)}. Check out first.` : "You are already checked in. Check out first.",
      "conflict",
    );
  }
}

/**
 * Ends the actor's open attendance session, and a running timer with it, in one
 * statement with no read before it: the entries for the session and for each stopped
 * timer are derived inside the statement from the rows it changed.
 */
export async function checkOut({ actor, request }: ServiceContext) {
  const now = new Date();
  await auditedStatement(
    [
      {
        name: "session",
        requireRow: "You are not checked in.",
        sql: Prisma.sql`UPDATE attendance_sessions SET check_out_at = ${now}, updated_at = ${now}
                        WHERE user_id = ${actor.id}::uuid AND check_out_at IS NULL RETURNING id, check_in_at`,
      },
      {
        name: "timers",
        sql: Prisma.sql`UPDATE time_logs t SET ended_at = ${now}, updated_at = ${now}
                        WHERE t.user_id = ${actor.id}::uuid AND t.ended_at IS NULL
                        RETURNING t.id, t.started_at, (SELECT title FROM tasks WHERE tasks.id = t.task_id) AS task_title`,
      },
    ],
    [
      timerStoppedRows({ actor, request, rowsOf: "timers", endedAt: now, stoppedBy: "stopped at check-out" }),
      {
        rowsOf: "session",
        entry: {
          eventType: "update",
          category: "time_attendance",
          actionType: "attendance_session.checked_out",
          description: `${actor.name} checked out at ${formatTime(now)}`,
          actor: actorFromUser(actor),
          context: request,
          object: { type: "attendance_session" },
          subjectUserId: actor.id,
          before: { checkOutAt: null },
          after: { checkOutAt: now },
        },
        columns: { object_id: Prisma.sql`session.id::text`, object_name: sessionNameSql(actor.name, Prisma.raw("session.check_in_at")) },
      },
    ],
  );
  return { userId: actor.id, checkOutAt: now };
}

/** The label of a person's attendance session: "Attendance of Faisal Malik on 23 Nov 2026". */
function sessionName(ownerName: string, checkInAt: Date) {
  return `Attendance of ${ownerName} on ${formatDate(checkInAt)}`;
}

/** sessionName() computed by PostgreSQL from a check-in column (the same PKT date format). */
function sessionNameSql(ownerName: string, checkInAt: Prisma.Sql) {
  return Prisma.sql`'Attendance of ' || ${ownerName}::text || ' on ' || ${pktDateSql(checkInAt)}`;
}

type EditSessionOptions = ServiceContext & { sessionId: string; checkInAt: string; checkOutAt?: string; reason: string };

/**
 * A manual correction by HR Operations (anyone's session) or a manager (their direct
 * reports' sessions), with a required reason. Recorded as a manual edit with old and
 * new values.
 */
export async function editSession({ actor, request, sessionId, checkInAt, checkOutAt, reason }: EditSessionOptions) {
  const scope = editableSessionsWhere(actor);
  if (!scope) throw new ServiceError("You are not allowed to edit attendance.", "forbidden");
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
        where: { AND: [{ id: sessionId }, scope] },
        include: { user: { select: { id: true, name: true } } },
      });
      if (!session) throw new ServiceError("That attendance session was not found, or it is not one you can edit.", "not_found");
      if (session.userId === actor.id) throw new ServiceError("You cannot edit your own attendance; ask your manager or HR Operations.", "forbidden");
      const overlapping = await tx.attendanceSession.findFirst({ where: overlapWhere({ start: "checkInAt", end: "checkOutAt" }, session, newIn, newOut) });
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
        object: { type: "attendance_session", id: session.id, name: sessionName(session.user.name, session.checkInAt) },
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
