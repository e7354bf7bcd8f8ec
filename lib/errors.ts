import { Prisma } from "@/lib/generated/prisma/client";

/** An expected failure whose message is safe and useful to show the person. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly code: "invalid" | "forbidden" | "not_found" | "conflict" = "invalid",
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** Whether a Prisma call failed with the given code (P2002 unique violation, P2025 no matching row). */
export function isPrismaError(error: unknown, code: "P2002" | "P2025"): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}
