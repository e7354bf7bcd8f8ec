"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authActionClient, serviceAction } from "@/lib/safe-action";
import {
  bulkSetCapacitySchema,
  changeManagerSchema,
  changeRoleSchema,
  createPersonSchema,
  personSchema,
  setCapacitySchema,
} from "./schemas";
import { activateUser, bulkSetCapacity, changeManager, changeRole, createUser, setCapacity, suspendUser } from "./service";

const PATH = "/admin/people";

export const createPersonAction = authActionClient.metadata({ name: "createPerson" }).inputSchema(createPersonSchema).action(async ({ ctx, parsedInput }) => {
  const user = await createUser({ ...ctx.service, ...parsedInput });
  revalidatePath(PATH, "layout");
  redirect(`${PATH}/${user.id}`);
});

export const suspendPersonAction = serviceAction("suspendPerson", personSchema, suspendUser, { layout: PATH });

export const activatePersonAction = serviceAction("activatePerson", personSchema, activateUser, { layout: PATH });

export const changeRoleAction = serviceAction("changeRole", changeRoleSchema, changeRole, { layout: PATH });

export const changeManagerAction = serviceAction("changeManager", changeManagerSchema, changeManager, { layout: PATH });

export const setCapacityAction = serviceAction("setCapacity", setCapacitySchema, setCapacity, { layout: PATH });

export const bulkSetCapacityAction = authActionClient.metadata({ name: "bulkSetCapacity" }).inputSchema(bulkSetCapacitySchema).action(async ({ ctx, parsedInput }) => {
  const result = await bulkSetCapacity({ ...ctx.service, ...parsedInput });
  revalidatePath(PATH, "layout");
  return result;
});
