import { env } from "@/lib/env";
import { keyringFromSettings, signerFrom, SigningKeyError, type Keyring, type Signer } from "./signing";

/** The signer of checkpoints and archive records, from AUDIT_SIGNING_KEY. */
export function auditSigner(): Signer {
  if (!env.AUDIT_SIGNING_KEY) {
    throw new SigningKeyError("AUDIT_SIGNING_KEY is not set: signing audit checkpoints and archive records needs the Ed25519 private key");
  }
  return signerFrom(env.AUDIT_SIGNING_KEY);
}

/** Every key that may verify: the signing key's public half, AUDIT_PUBLIC_KEYS, and the legacy HMAC key. */
export function auditKeyring(): Keyring {
  return keyringFromSettings({ publicKeys: env.AUDIT_PUBLIC_KEYS, signingKey: env.AUDIT_SIGNING_KEY, hmacKey: env.AUDIT_HMAC_KEY, hmacKeyId: env.AUDIT_HMAC_KEY_ID }).keyring;
}
