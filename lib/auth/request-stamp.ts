import { randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";

// Next.js gives route handlers and server actions the request headers but not the
// connection's address, and it fills X-Forwarded-For from the socket only when the
// client sent none. So the server stamps the two facts we record (peer address and
// requested path) onto each request as it arrives, under header names chosen at
// random per process: a client cannot send them, and a request that was not stamped
// has no such header and records nothing rather than something forged.
type Stamp = { peerHeader: string; pathHeader: string };

const KEY = Symbol.for("hr-governance.request-stamp");
const slot = globalThis as { [KEY]?: Stamp };

/** Overwrites the stamp headers on an incoming request with facts from its connection. */
function stamp(req: http.IncomingMessage, { peerHeader, pathHeader }: Stamp): void {
  const peer = req.socket?.remoteAddress;
  if (peer) req.headers[peerHeader] = peer;
  else delete req.headers[peerHeader];
  let path: string | undefined;
  try {
    path = new URL(req.url ?? "", "http://request.invalid").pathname;
  } catch {
    path = undefined;
  }
  if (path) req.headers[pathHeader] = path.slice(0, 2000);
  else delete req.headers[pathHeader];
}

/**
 * Stamps every request any HTTP(S) server in this process receives from now on. Called
 * once from instrumentation.ts, which runs in the server process before it serves.
 */
export function installRequestStamp(): void {
  if (slot[KEY]) return;
  const suffix = randomBytes(8).toString("hex");
  const names: Stamp = { peerHeader: `x-hr-peer-${suffix}`, pathHeader: `x-hr-path-${suffix}` };
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
    Server.prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") stamp(args[0] as http.IncomingMessage, names);
      return emit.call(this, event, ...args);
    } as typeof Server.prototype.emit;
  }
  slot[KEY] = names;
}

/** The connection's address, if this request was stamped. */
export function stampedPeer(h: Headers): string | null {
  const names = slot[KEY];
  return names ? h.get(names.peerHeader) : null;
}

/** The path the client requested (no query), if this request was stamped. */
export function stampedPath(h: Headers): string | undefined {
  const names = slot[KEY];
  return (names && h.get(names.pathHeader)) || undefined;
}
