import { Prisma } from "@/lib/generated/prisma/client";

/** An expected failure whose message is safe and useful to show the person. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly code: "invalid" | "forbidden" | "not_found" | "conflict" | "rate_limited" = "invalid",
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** Refused because the same thing was asked for too recently; try again after the wait. */
export class RateLimitedError extends ServiceError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, "rate_limited");
    this.name = "RateLimitedError";
  }
}

export type ErrorLogger = (message: string, error: unknown) => void;
const consoleLogger: ErrorLogger = (message, error) => console.error(message, error);

/**
 * Logs an error nobody expected under a fresh id and returns the id, so the generic
 * message the person sees can name the log line (route handlers and server actions alike).
 */
export function logUnexpectedError(where: "api" | "action" | "audit", error: unknown, log: ErrorLogger = consoleLogger): string {
  const errorId = crypto.randomUUID();
  log(`[${where}] unexpected error ${errorId}`, error);
  return errorId;
}

/** Whether a Prisma call failed with the given code (P2002 unique violation, P2025 no matching row). */
export function isPrismaError(error: unknown, code: "P2002" | "P2025"): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

/**
 * The PostgreSQL SQLSTATE behind an error, wherever the client put it: pg's `code`, or
 * the driver adapter error Prisma wraps a failed raw query in (P2010).
 */
export function sqlStateOf(error: unknown): string | undefined {
  type Wrapped = { code?: unknown; originalCode?: unknown; clientVersion?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift() as Wrapped | undefined;
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    if (typeof e.originalCode === "string") return e.originalCode;
    // A Prisma error's own code (P2010…) is not a SQLSTATE.
    if (e.clientVersion === undefined && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    queue.push(e.cause, e.meta?.driverAdapterError);
  }
  return undefined;
}

/** A unique-constraint violation, from a Prisma model call (P2002) or a raw statement (23505). */
export function isUniqueViolation(error: unknown): boolean {
  return isPrismaError(error, "P2002") || sqlStateOf(error) === "23505";
}
