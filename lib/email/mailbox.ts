import "server-only";
import fs from "node:fs/promises";
import { env } from "@/lib/env";
import { parseMailboxFile, type CaughtMessage } from "./mailbox-file";

/** The dev mailbox: what the local SMTP catcher kept, newest first (null: no catcher configured). */
export async function readMailbox({ to, subject, limit = 50 }: { to?: string; subject?: string; limit?: number } = {}): Promise<CaughtMessage[] | null> {
  if (!env.MAILBOX_FILE) return null;
  let text = "";
  try {
    text = await fs.readFile(env.MAILBOX_FILE, "utf8");
  } catch {
    return [];
  }
  const out = parseMailboxFile(text);
  const wanted = to?.trim().toLowerCase();
  const words = subject?.trim().toLowerCase();
  return out
    .reverse()
    .filter((m) => !wanted || m.to.some((address) => address.toLowerCase() === wanted))
    .filter((m) => !words || m.subject.toLowerCase().includes(words))
    .slice(0, limit);
}
