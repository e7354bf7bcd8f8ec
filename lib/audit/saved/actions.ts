"use server";

import { revalidatePath } from "next/cache";
import { SearchQueryError } from "@/lib/audit/search/errors";
import { ServiceError } from "@/lib/errors";
import { authActionClient, serviceAction } from "@/lib/safe-action";
import { createSavedSearchSchema, savedSearchIdSchema, updateSavedSearchActionSchema } from "./schemas";
import { createSavedSearch, deleteSavedSearch, updateSavedSearch } from "./service";

/** A search the parser refuses is the person's to fix: said in words, like any expected failure. */
async function inWords<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SearchQueryError) {
      throw new ServiceError(`That search cannot be saved: character ${error.detail.position + 1}: ${error.detail.reason}`, "invalid");
    }
    throw error;
  }
}

/** Answers with the new search's id and name, so the form can say so and link to it. */
export const saveSearchAction = authActionClient
  .metadata({ name: "saveSearch" })
  .inputSchema(createSavedSearchSchema)
  .action(async ({ ctx, parsedInput }) => {
    const created = await inWords(() => createSavedSearch({ ...ctx.service, ...parsedInput }));
    revalidatePath("/audit", "layout");
    return created;
  });

export const updateSavedSearchAction = authActionClient
  .metadata({ name: "updateSavedSearch" })
  .inputSchema(updateSavedSearchActionSchema)
  .action(async ({ ctx, parsedInput }) => {
    const { changed } = await inWords(() => updateSavedSearch({ ...ctx.service, ...parsedInput }));
    revalidatePath("/audit", "layout");
    return { changed };
  });

export const deleteSavedSearchAction = serviceAction("deleteSavedSearch", savedSearchIdSchema, deleteSavedSearch, { layout: "/audit" });
