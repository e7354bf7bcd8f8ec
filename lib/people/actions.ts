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

export const createPersonAction = authActionClient.inputSchema(createPersonSchema).action(async ({ ctx, parsedInput }) => {
  const user = await createUser({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/new` }, ...parsedInput });
  revalidatePath(PATH, "layout");
  redirect(`${PATH}/${user.id}`);
});

export const suspendPersonAction = authActionClient.inputSchema(personSchema).action(async ({ ctx, parsedInput }) => {
  await suspendUser({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/${parsedInput.userId}/suspend` }, ...parsedInput });
  revalidatePath(PATH, "layout");
});

export const activatePersonAction = authActionClient.inputSchema(personSchema).action(async ({ ctx, parsedInput }) => {
  await activateUser({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/${parsedInput.userId}/activate` }, ...parsedInput });
  revalidatePath(PATH, "layout");
});

export const changeRoleAction = authActionClient.inputSchema(changeRoleSchema).action(async ({ ctx, parsedInput }) => {
  await changeRole({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/${parsedInput.userId}/role` }, ...parsedInput });
  revalidatePath(PATH, "layout");
});

export const changeManagerAction = authActionClient.inputSchema(changeManagerSchema).action(async ({ ctx, parsedInput }) => {
  await changeManager({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/${parsedInput.userId}/manager` }, ...parsedInput });
  revalidatePath(PATH, "layout");
});

export const setCapacityAction = authActionClient.inputSchema(setCapacitySchema).action(async ({ ctx, parsedInput }) => {
  await setCapacity({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/${parsedInput.userId}/capacity` }, ...parsedInput });
  revalidatePath(PATH, "layout");
});

export const bulkSetCapacityAction = authActionClient.inputSchema(bulkSetCapacitySchema).action(async ({ ctx, parsedInput }) => {
  const result = await bulkSetCapacity({ actor: ctx.user, request: { ...ctx.context, path: `${PATH}/capacity` }, ...parsedInput });
  revalidatePath(PATH, "layout");
  return result;
});
