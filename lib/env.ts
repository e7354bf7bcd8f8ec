import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

// The only reader of process.env. Scripts (seed, bench, verify) import it too.
export const env = createEnv({
  server: {
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
    // Ed25519 private key that signs audit checkpoints and archive records (PEM or
    // base64 PKCS#8). Only the maintenance and archive commands need it; the web app
    // verifies with public keys. README "Audit signing keys" for rotation.
    AUDIT_SIGNING_KEY: z.string().min(1).optional(),
    // Public keys that verify older checkpoints after a rotation (PEM or base64 SPKI,
    // comma or space separated). The signing key's own public key is always included.
    AUDIT_PUBLIC_KEYS: z.string().optional(),
    // Verify-only: checkpoints signed with HMAC before Ed25519 keys existed.
    AUDIT_HMAC_KEY: z.string().min(32, "AUDIT_HMAC_KEY must be at least 32 characters").optional(),
    AUDIT_HMAC_KEY_ID: z.string().min(1).default("k1"),
    // A checkpoint is due this often; verify calls one older than twice this stale.
    AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
    AUDIT_ARCHIVE_DIR: z.string().min(1).default(".data/audit-archive"),
    // A session ends this long after sign-in however active it is (absolute lifetime),
    // and after this long without a request (idle timeout). SESSION_MAX_AGE_MINUTES is
    // the older name of the absolute lifetime and still read when the new one is unset.
    SESSION_ABSOLUTE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(480),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    // A live tail's stream ends after this many seconds and the client resumes from its
    // last event id (its access is checked again). bench:tail shortens it to cross resumes.
    AUDIT_TAIL_LIFETIME_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    // Proxies we run in front of the app, each appending to X-Forwarded-For. 0: the app
    // faces clients directly and records the connection's address.
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // Sign-in attempts allowed before any password check (lib/auth/rate-limit.ts): per
    // account and per client address in 15 minutes, and overall per minute.
    SIGN_IN_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(6).max(1000).default(10),
    SIGN_IN_LIMIT_PER_IP: z.coerce.number().int().min(6).max(100_000).default(30),
    SIGN_IN_LIMIT_GLOBAL: z.coerce.number().int().min(10).max(1_000_000).default(600),
    // API budgets per token or person (lib/api/rate-limit.ts).
    API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(600),
    API_EXPORTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
    // Scheduling (README "Scheduled jobs"). With INNGEST_SIGNING_KEY set, Inngest Cloud or
    // a self-hosted Inngest server drives /api/inngest and every request is signature-
    // checked; without it the local driver (scripts/inngest-driver.ts) does, presenting
    // INNGEST_LOCAL_TOKEN, and the route refuses anyone else.
    INNGEST_SIGNING_KEY: z.string().min(1).optional(),
    INNGEST_SIGNING_KEY_FALLBACK: z.string().min(1).optional(),
    INNGEST_EVENT_KEY: z.string().min(1).optional(),
    INNGEST_BASE_URL: z.url().optional(),
    INNGEST_LOCAL_TOKEN: z.string().min(24).optional(),
    // Alert email: nodemailer over this SMTP URL (the demo's catcher: smtp://127.0.0.1:2525).
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    MAIL_FROM: z.string().min(3).default("HR Governance <alerts@acme.test>"),
    // Where links in emails point.
    APP_URL: z.url().default("http://localhost:3000"),
    // The dev mailbox page reads the catcher's store (JSON lines); unset: no mailbox.
    MAILBOX_FILE: z.string().min(1).optional(),
    // Realtime (lib/realtime): Pusher Channels, or any Pusher-protocol server such as
    // the soketi that `npm run demo` and the e2e server start on loopback. Unset app
    // id/key/secret: realtime is off (events wait in the outbox). PUSHER_HOST unset:
    // Pusher Channels in PUSHER_CLUSTER. PUSHER_PUBLIC_HOST/PORT: what browsers connect
    // to, when that differs from what the server reaches (a proxy in front of soketi).
    PUSHER_APP_ID: z.string().min(1).optional(),
    PUSHER_KEY: z.string().min(1).optional(),
    PUSHER_SECRET: z.string().min(1).optional(),
    PUSHER_CLUSTER: z.string().min(1).default("mt1"),
    PUSHER_HOST: z.string().min(1).optional(),
    PUSHER_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    PUSHER_TLS: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
    PUSHER_PUBLIC_HOST: z.string().min(1).optional(),
    PUSHER_PUBLIC_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    // Audit streams (lib/streams): the AES-256-GCM key (32 bytes, base64) that seals
    // destinations' secrets at rest; unset, no destination can be created. Hosts a
    // destination may name although they resolve to a loopback, private or link-local
    // address (comma separated; the tests and the demo's receiver list 127.0.0.1).
    STREAM_SECRET_KEY: z.string().regex(/^[A-Za-z0-9+/_-]{43}=?$/, "STREAM_SECRET_KEY must be 32 bytes, base64").optional(),
    STREAM_ALLOW_HOSTS: z.string().default(""),
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  },
  client: {},
  runtimeEnv: {
    DATABASE_URL: process.env.DATABASE_URL,
    AUTH_SECRET: process.env.AUTH_SECRET,
    AUDIT_SIGNING_KEY: process.env.AUDIT_SIGNING_KEY,
    AUDIT_PUBLIC_KEYS: process.env.AUDIT_PUBLIC_KEYS,
    AUDIT_CHECKPOINT_MINUTES: process.env.AUDIT_CHECKPOINT_MINUTES,
    AUDIT_HMAC_KEY: process.env.AUDIT_HMAC_KEY,
    AUDIT_HMAC_KEY_ID: process.env.AUDIT_HMAC_KEY_ID,
    AUDIT_ARCHIVE_DIR: process.env.AUDIT_ARCHIVE_DIR,
    SESSION_ABSOLUTE_MINUTES: process.env.SESSION_ABSOLUTE_MINUTES || process.env.SESSION_MAX_AGE_MINUTES,
    SESSION_IDLE_MINUTES: process.env.SESSION_IDLE_MINUTES,
    AUDIT_TAIL_LIFETIME_SECONDS: process.env.AUDIT_TAIL_LIFETIME_SECONDS,
    TRUSTED_PROXY_HOPS: process.env.TRUSTED_PROXY_HOPS,
    SIGN_IN_LIMIT_PER_ACCOUNT: process.env.SIGN_IN_LIMIT_PER_ACCOUNT,
    SIGN_IN_LIMIT_PER_IP: process.env.SIGN_IN_LIMIT_PER_IP,
    SIGN_IN_LIMIT_GLOBAL: process.env.SIGN_IN_LIMIT_GLOBAL,
    API_REQUESTS_PER_MINUTE: process.env.API_REQUESTS_PER_MINUTE,
    API_EXPORTS_PER_HOUR: process.env.API_EXPORTS_PER_HOUR,
    INNGEST_SIGNING_KEY: process.env.INNGEST_SIGNING_KEY,
    INNGEST_SIGNING_KEY_FALLBACK: process.env.INNGEST_SIGNING_KEY_FALLBACK,
    INNGEST_EVENT_KEY: process.env.INNGEST_EVENT_KEY,
    INNGEST_BASE_URL: process.env.INNGEST_BASE_URL,
    INNGEST_LOCAL_TOKEN: process.env.INNGEST_LOCAL_TOKEN,
    SMTP_URL: process.env.SMTP_URL,
    MAIL_FROM: process.env.MAIL_FROM,
    APP_URL: process.env.APP_URL,
    MAILBOX_FILE: process.env.MAILBOX_FILE,
    STREAM_SECRET_KEY: process.env.STREAM_SECRET_KEY,
    STREAM_ALLOW_HOSTS: process.env.STREAM_ALLOW_HOSTS,
    PUSHER_APP_ID: process.env.PUSHER_APP_ID,
    PUSHER_KEY: process.env.PUSHER_KEY,
    PUSHER_SECRET: process.env.PUSHER_SECRET,
    PUSHER_CLUSTER: process.env.PUSHER_CLUSTER,
    PUSHER_HOST: process.env.PUSHER_HOST,
    PUSHER_PORT: process.env.PUSHER_PORT,
    PUSHER_TLS: process.env.PUSHER_TLS,
    PUSHER_PUBLIC_HOST: process.env.PUSHER_PUBLIC_HOST,
    PUSHER_PUBLIC_PORT: process.env.PUSHER_PUBLIC_PORT,
    NODE_ENV: process.env.NODE_ENV,
  },
  // `next build` evaluates server modules without the runtime secrets.
  skipValidation: process.env.NEXT_PHASE === "phase-production-build",
  emptyStringAsUndefined: true,
});
