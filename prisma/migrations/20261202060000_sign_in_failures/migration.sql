-- CreateTable
CREATE TABLE "platform"."sign_in_failures" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_failures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sign_in_failures_email_at_idx" ON "platform"."sign_in_failures"("email", "at");

-- CreateIndex
CREATE INDEX "sign_in_failures_at_idx" ON "platform"."sign_in_failures"("at");
