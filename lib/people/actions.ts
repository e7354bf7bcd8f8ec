"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authActionClient } from "@/lib/safe-action";
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

export const suspendPersonAction = authActionClient.metadata({ name: "suspendPerson" }).inputSchema(personSchema).action(async ({ ctx, parsedInput }) => {
  await suspendUser({ ...ctx.service, ...parsedInput });
  revalidatePath(PATH, "layout");
});

export const activatePersonAction = authActionClient.metadata({ name: "activatePerson" }).inputSchema(personSchema).action(async ({ ctx, parsedInput }) => {
  await activateUser({ ...ctx.service, ...parsedInput });
  revalidatePath(PATH, "layout");
});

export const changeRoleAction = authActionClient.metadata({ name: "changeRole" }).inputSchema(changeRoleSchema).action(async ({ ctx, parsedInput }) => {
  await changeRole({ ...ctx.service, ...parsedInput });
  revalidatePath(PATH, "layout");
});

export const changeManagerAction = authActionClient.metadata({ name: "changeManager" }).inputSchema(changeManagerSchema).action(async ({ ctx, parsedInput }) => {
  await changeManager({ ...ctx.service, ...parsedInput });
  revalidatePath(PATH, "layout");
});

export const setCapacityAction = authActionClient.metadata({ name: "setCapacity" }).inputSchema(setCapacitySchema).action(async ({ ctx, parsedInput }) => {
  await setCapacity({ ...ctx.service, ...parsedInput });
  revalidatePath(PATH, "layout");
});

export const bulkSetCapacityAction = authActionClient.metadata({ name: "bulkSetCapacity" }).inputSchema(bulkSetCapacitySchema).action(async ({ ctx, parsedInput }) => {
  const result = await bulkSetCapacity({ ...ctx.service, ...parsedInput });
  revalidatePath(PATH, "layout");
  return result;
});
