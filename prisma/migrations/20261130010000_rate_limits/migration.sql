-- Sign-in rate limits shared by every app instance (rate-limiter-flexible's
-- RateLimiterPostgres table, created here so the runtime role needs no CREATE).
-- Keys are hashes, never emails or addresses in clear.
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

GRANT SELECT, INSERT, UPDATE, DELETE ON "rate_limits" TO hr_runtime;
