// A real HTTP receiver on loopback for audit stream tests: it checks every delivery's
// Standard Webhooks signature with the secrets it is told to trust, records what it got,
// and can be made to refuse (answer 503) or to be away (connection refused).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { WebhookBody } from "@/lib/streams/contract";

export type Delivery = { id: string; body: WebhookBody; signatures: string[]; verifiedWith: string[] };

export async function startWebhookReceiver() {
  const deliveries: Delivery[] = [];
  const rejected: string[] = [];
  let secrets: string[] = [];
  let answer = 200;
  let holding: Array<() => void> | null = null;
  let port = 0;
  let server: http.Server | null = null;

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const payload = Buffer.concat(chunks).toString("utf8");
      const headers = { "webhook-id": String(req.headers["webhook-id"]), "webhook-timestamp": String(req.headers["webhook-timestamp"]), "webhook-signature": String(req.headers["webhook-signature"]) };
      const verifiedWith = secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(payload, headers);
          return true;
        } catch {
          return false;
        }
      });
      if (answer !== 200) {
        res.writeHead(answer, { "content-type": "text/plain" }).end("receiver says no");
        return;
      }
      if (verifiedWith.length === 0) {
        rejected.push(headers["webhook-id"]);
        res.writeHead(401, { "content-type": "text/plain" }).end("bad signature");
        return;
      }
      deliveries.push({ id: headers["webhook-id"], body: JSON.parse(payload), signatures: headers["webhook-signature"].split(" "), verifiedWith });
      if (holding) holding.push(() => res.writeHead(204).end());
      else res.writeHead(204).end();
    });
  };

  async function listen() {
    server = http.createServer(handler);
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  }
  await listen();

  return {
    get url() {
      return `http://127.0.0.1:${port}/hook`;
    },
    deliveries,
    rejected,
    /** Every event received, in arrival order (duplicates included). */
    events: () => deliveries.flatMap((d) => d.body.events),
    trust(...s: string[]) {
      secrets = s;
    },
    refuse(status = 503) {
      answer = status;
    },
    accept() {
      answer = 200;
    },
    /** Takes deliveries but answers none until `release()` (a sender killed meanwhile never hears back). */
    hold() {
      holding = [];
    },
    release() {
      const waiting = holding ?? [];
      holding = null;
      for (const answerNow of waiting) answerNow();
    },
    /** Stops listening (deliveries get connection refused); `up()` listens again on the same port. */
    async down() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server?.closeAllConnections();
      server = null;
    },
    up: listen,
    close: async () => {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}
