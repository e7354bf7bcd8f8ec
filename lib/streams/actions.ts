"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { fromPktLocalInput } from "@/lib/time";
import { STREAM_TRANSPORTS } from "./contract";
import { createStreamSchema, streamIdSchema } from "./schemas";
import { createStream, deleteStream, replayStream, rotateStreamSecret, setStreamState, testStream } from "./service";

const PATH = "/admin/streams";
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Give a date and time.");

const text = (max: number) => z.string().trim().max(max).optional();

/**
 * The add-destination form: strings as a form sends them, for any transport. The
 * transport's own fields become the API's input (createStreamSchema), so the page and
 * `POST /api/audit-streams` refuse the same things with the same words.
 */
const createFormSchema = z
  .object({
    transport: z.enum(STREAM_TRANSPORTS, { error: "Choose a transport." }),
    name: text(200), url: text(2000), filter: z.string().max(2000).default(""), format: text(20),
    startFrom: z.union([z.literal(""), localDateTime]).default(""),
    token: text(600), sourcetype: text(200), index: text(300), apiKey: text(600), service: text(200),
    host: text(300), port: text(10), tls: z.enum(["on", "off"]).optional(), ca: z.string().max(20_000).optional(),
  })
  .transform((f, ctx) => {
    const some = (v: string | undefined) => (v ? v : undefined);
    const common = { name: f.name ?? "", filter: f.filter, format: some(f.format), startFrom: f.startFrom ? fromPktLocalInput(f.startFrom).toISOString() : undefined };
    const input =
      f.transport === "webhook" ? { ...common, transport: f.transport, url: f.url ?? "" }
      : f.transport === "splunk_hec" ? { ...common, transport: f.transport, url: f.url ?? "", token: f.token ?? "", sourcetype: some(f.sourcetype), index: some(f.index) }
      : f.transport === "datadog" ? { ...common, transport: f.transport, url: f.url ?? "", apiKey: f.apiKey ?? "", service: some(f.service) }
      : f.transport === "elastic" ? { ...common, transport: f.transport, url: f.url ?? "", index: f.index ?? "", apiKey: f.apiKey ?? "" }
      : { ...common, transport: f.transport, host: f.host ?? "", port: f.port ? Number(f.port) : undefined, tls: f.tls !== "off", ca: some(f.ca?.trim()) };
    const parsed = createStreamSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return parsed.data;
  });

/** Answers with a new webhook's secret (the one time it is shown), or none for the other transports. */
export const createStreamAction = authActionClient
  .metadata({ name: "createAuditStream" })
  .inputSchema(createFormSchema)
  .action(async ({ ctx, parsedInput }) => {
    const { stream, secret } = await createStream({ ...ctx.service, input: parsedInput });
    revalidatePath(PATH);
    return { name: stream.name, secret };
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
