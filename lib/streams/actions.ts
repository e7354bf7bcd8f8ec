"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { fromPktLocalInput } from "@/lib/time";
import { streamIdSchema } from "./schemas";
import { createStream, deleteStream, replayStream, rotateStreamSecret, setStreamState, testStream } from "./service";

const PATH = "/admin/streams";
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Give a date and time.");

/** Answers with the new destination's secret: the one time it is shown. */
export const createStreamAction = authActionClient
  .metadata({ name: "createAuditStream" })
  .inputSchema(
    z.object({
      name: z.string().trim().min(1, "Give the destination a name.").max(120, "At most 120 characters."),
      url: z.string().trim().min(1, "Give the destination's URL.").max(2000),
      filter: z.string().max(2000).default(""),
      startFrom: z.union([z.literal(""), localDateTime]).default(""),
    }),
  )
  .action(async ({ ctx, parsedInput: p }) => {
    const startFrom = p.startFrom ? fromPktLocalInput(p.startFrom).toISOString() : undefined;
    const { stream, secret } = await createStream({ ...ctx.service, input: { name: p.name, transport: "webhook", url: p.url, filter: p.filter, format: "json", startFrom } });
    revalidatePath(PATH);
    return { name: stream.name, secret: secret ?? "" };
  });

export const setStreamStateAction = authActionClient
  .metadata({ name: "setAuditStreamState" })
  .inputSchema(streamIdSchema.extend({ state: z.enum(["active", "paused"]) }))
  .action(async ({ ctx, parsedInput }) => {
    await setStreamState({ ...ctx.service, ...parsedInput });
    revalidatePath(PATH);
    return { state: parsedInput.state };
  });

export const testStreamAction = authActionClient
  .metadata({ name: "testAuditStream" })
  .inputSchema(streamIdSchema)
  .action(async ({ ctx, parsedInput }) => {
    const answer = await testStream({ ...ctx.service, id: parsedInput.id });
    revalidatePath(PATH);
    return answer;
  });

export const replayStreamAction = authActionClient
  .metadata({ name: "replayAuditStream" })
  .inputSchema(streamIdSchema.extend({ from: localDateTime }))
  .action(async ({ ctx, parsedInput }) => {
    await replayStream({ ...ctx.service, id: parsedInput.id, from: fromPktLocalInput(parsedInput.from) });
    revalidatePath(PATH);
    return { replayed: true };
  });

/** Answers with the new secret: the one time it is shown. */
export const rotateStreamSecretAction = authActionClient
  .metadata({ name: "rotateAuditStreamSecret" })
  .inputSchema(streamIdSchema)
  .action(async ({ ctx, parsedInput }) => {
    const { stream, secret } = await rotateStreamSecret({ ...ctx.service, id: parsedInput.id });
    revalidatePath(PATH);
    return { name: stream.name, secret };
  });

export const deleteStreamAction = authActionClient
  .metadata({ name: "deleteAuditStream" })
  .inputSchema(streamIdSchema)
  .action(async ({ ctx, parsedInput }) => {
    await deleteStream({ ...ctx.service, id: parsedInput.id });
    revalidatePath(PATH);
    return { deleted: true };
  });
