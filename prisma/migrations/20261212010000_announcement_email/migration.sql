-- Announcements by email alongside the live push (issue 23): per announcement, whether
-- it is also emailed; per person, the email queued (with its outbox row, once) and sent;
-- and who unsubscribed from announcement emails that are not mandatory.
ALTER TABLE "announcements" ADD COLUMN "send_email" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "announcement_emails" (
    "announcement_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "outbox_id" UUID NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "announcement_emails_pkey" PRIMARY KEY ("announcement_id","user_id")
);
CREATE INDEX "announcement_emails_user_id_idx" ON "announcement_emails"("user_id");
ALTER TABLE "announcement_emails" ADD CONSTRAINT "announcement_emails_announcement_id_fkey" FOREIGN KEY ("announcement_id") REFERENCES "announcements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "announcement_emails" ADD CONSTRAINT "announcement_emails_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "announcement_email_optouts" (
    "user_id" UUID NOT NULL,
    "opted_out_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "announcement_email_optouts_pkey" PRIMARY KEY ("user_id")
);
ALTER TABLE "announcement_email_optouts" ADD CONSTRAINT "announcement_email_optouts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

GRANT SELECT, INSERT ON "announcement_emails" TO hr_runtime;
GRANT UPDATE ("sent_at") ON "announcement_emails" TO hr_runtime;
GRANT SELECT, INSERT, DELETE ON "announcement_email_optouts" TO hr_runtime;
