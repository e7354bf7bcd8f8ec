import "server-only";
// Destination secrets at rest (issue 22): AES-256-GCM under STREAM_SECRET_KEY, with the
// destination's id as associated data, so a sealed secret copied onto another row does
// not open. Sealed text: "v1.<iv>.<tag>.<ciphertext>" (base64url). A secret is shown to
// the admin once, when made, and is never returned again.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { ServiceError } from "@/lib/errors";

const VERSION = "v1";

function key(): Buffer {
  if (!env.STREAM_SECRET_KEY) throw new ServiceError("Audit streams are off: set STREAM_SECRET_KEY (32 random bytes, base64) to store destination secrets.", "conflict");
  const k = Buffer.from(env.STREAM_SECRET_KEY, "base64");
  if (k.length !== 32) throw new Error("STREAM_SECRET_KEY must be 32 bytes");
  return k;
}

export function sealSecret(plain: string, streamId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(streamId));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export function openSecret(sealed: string, streamId: string): string {
  const [version, iv, tag, ct] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error("Not a sealed stream secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(streamId));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}

/** A Standard Webhooks signing secret: "whsec_" and 32 random bytes, base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** How a secret is named in audit entries and pages: its kind and last four characters, never more. */
export function secretHint(secret: string): string {
  return `…${secret.slice(-4)}`;
}
