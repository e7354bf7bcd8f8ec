// `node --import tsx scripts/smtp-catcher.ts [--port 2525] [--file .data/mailbox.jsonl]`:
// the local SMTP catcher on 127.0.0.1 on its own (the demo and the e2e server start it in-process).
import { startSmtpCatcher } from "@/lib/email/catcher";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const catcher = await startSmtpCatcher({ port: Number(arg("--port") ?? process.env.SMTP_PORT ?? 2525), file: arg("--file") ?? ".data/mailbox.jsonl" });
console.log(`SMTP catcher on smtp://127.0.0.1:${catcher.port}`);
const stop = async () => {
  await catcher.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
