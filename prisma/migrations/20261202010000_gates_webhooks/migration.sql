-- CreateEnum
CREATE TYPE "tracking"."WebhookStatus" AS ENUM ('active', 'disabled');

-- CreateEnum
CREATE TYPE "tracking"."WebhookDeliveryStatus" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "tracking"."gate_decisions" (
    "id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "candidate_version" INTEGER NOT NULL,
    "baseline_alias" TEXT NOT NULL,
    "baseline_version" INTEGER,
    "thresholds" JSONB NOT NULL,
    "candidate_metrics" JSONB NOT NULL,
    "baseline_metrics" JSONB,
    "results" JSONB NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "promoted_to" TEXT,
    "reason" TEXT,
    "actor_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gate_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracking"."webhooks" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT[],
    "secret" TEXT NOT NULL,
    "status" "tracking"."WebhookStatus" NOT NULL DEFAULT 'active',
    "description" TEXT,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracking"."webhook_deliveries" (
    "id" UUID NOT NULL,
    "webhook_id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "tracking"."WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracking"."webhook_attempts" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "gate_decisions_model_id_created_at_idx" ON "tracking"."gate_decisions"("model_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "webhooks_project_id_name_key" ON "tracking"."webhooks"("project_id", "name");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "tracking"."webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_webhook_id_event_id_key" ON "tracking"."webhook_deliveries"("webhook_id", "event_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_attempts_delivery_id_attempt_key" ON "tracking"."webhook_attempts"("delivery_id", "attempt");

-- AddForeignKey
ALTER TABLE "tracking"."gate_decisions" ADD CONSTRAINT "gate_decisions_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "tracking"."registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "tracking"."webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "tracking"."webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
