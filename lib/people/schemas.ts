import { z } from "zod";
import { ROLES } from "@/lib/access/permissions";
import { CAPACITY_MAX_HOURS, CAPACITY_MIN_HOURS } from "./limits";

export { CAPACITY_MAX_HOURS, CAPACITY_MIN_HOURS };
export const PASSWORD_MIN_LENGTH = 12;

export const PASSWORD_TOO_SHORT = `The initial password must be at least ${PASSWORD_MIN_LENGTH} characters.`;
export const CAPACITY_OUT_OF_RANGE = `Weekly capacity must be a whole number of hours from ${CAPACITY_MIN_HOURS} to ${CAPACITY_MAX_HOURS}.`;

const capacity = z.coerce
  .number({ error: CAPACITY_OUT_OF_RANGE })
  .int(CAPACITY_OUT_OF_RANGE)
  .min(CAPACITY_MIN_HOURS, CAPACITY_OUT_OF_RANGE)
  .max(CAPACITY_MAX_HOURS, CAPACITY_OUT_OF_RANGE);

/** A select's empty option ("No manager") arrives as ""; services pass null. */
const optionalUserId = z
  .union([z.uuid({ error: "Choose a manager from the list." }), z.literal(""), z.null()])
  .optional()
  .transform((v) => v || null);

const role = z.enum(ROLES, { error: "Choose a role." });
const userId = z.uuid({ error: "Choose a person." });

export const createPersonSchema = z.object({
  name: z.string().trim().min(2, "Enter the person's full name.").max(120),
  email: z.string().trim().toLowerCase().pipe(z.email({ error: "Enter a valid email address." }).max(255)),
  role,
  title: z.string().trim().max(120, "A title can be at most 120 characters.").nullish().transform((v) => v || null),
  departmentId: z.uuid({ error: "Choose a department." }),
  managerId: optionalUserId,
  weeklyCapacityHours: capacity,
  password: z.string().min(PASSWORD_MIN_LENGTH, PASSWORD_TOO_SHORT).max(256, "The initial password can be at most 256 characters."),
});

export const personSchema = z.object({ userId });

export const changeRoleSchema = z.object({ userId, role });

export const changeManagerSchema = z.object({ userId, managerId: optionalUserId });

export const setCapacitySchema = z.object({ userId, hours: capacity });

export const bulkSetCapacitySchema = z.object({
  userIds: z.array(userId).min(1, "Select at least one person.").max(500, "Select at most 500 people at a time."),
  hours: capacity,
});

/**
 * The people list's URL search params; a malformed filter is ignored rather than refused.
 * The cursor is opaque: listPeople checks it, and the page says when it was not valid.
 */
export const peopleFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  department: z.uuid().optional().catch(undefined),
  role: role.optional().catch(undefined),
  status: z.enum(["active", "suspended"]).optional().catch(undefined),
  cursor: z.string().optional().catch(undefined),
});
export type PeopleFilter = z.output<typeof peopleFilterSchema>;
