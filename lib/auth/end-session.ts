import { recordAccessDenied } from "@/lib/access-denied";
import { can } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { isUuid } from "@/lib/uuid";
import { endSession } from "./service";

/**
 * An administrator ends someone's sign-in session (the sessions workspace). The close
 * is the same guarded write as a sign-out, recorded with the administrator as actor;
 * the person is signed out on their next request (checkSession refuses a closed
 * session). An API token's session is not ended here: revoking the token stops it.
 */
export async function endSessionAsAdmin({ actor, request, id }: ServiceContext & { id: string }): Promise<{ id: string; ended: true }> {
  if (!can(actor.role, "sessions:end")) {
    await recordAccessDenied({ actor, request, reason: "Tried to end someone's sign-in session without the permission" });
    throw new ServiceError("Only administrators can end sessions.", "forbidden");
  }
  const session = isUuid(id) ? await db.auditSession.findUnique({ where: { id }, select: { id: true, sessionId: true, logoutTime: true, loginStatus: true, authenticationMethod: true } }) : null;
  if (!session) throw new ServiceError("That session was not found.", "not_found");
  if (session.authenticationMethod === "api_key") throw new ServiceError("This is an API token's session: revoke the token to stop it.", "conflict");
  if (session.loginStatus !== "success") throw new ServiceError("This sign-in was refused: there is no session to end.", "conflict");
  if (session.logoutTime) throw new ServiceError("This session has already ended.", "conflict");
  const ended = await endSession({ sessionId: session.sessionId, context: request, reason: "ended_by_admin", endedBy: actor });
  if (!ended) throw new ServiceError("This session has already ended.", "conflict");
  return { id: session.id, ended: true };
}
