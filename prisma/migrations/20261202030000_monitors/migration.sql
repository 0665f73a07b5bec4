-- CreateTable
CREATE TABLE "monitoring"."monitors" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "deployment" TEXT NOT NULL,
    "reference" JSONB NOT NULL,
    "window" JSONB NOT NULL,
    "features" JSONB,
    "drift_share" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "min_samples" INTEGER NOT NULL DEFAULT 30,
    "alert_after" INTEGER NOT NULL DEFAULT 3,
    "performance" JSONB,
    "consecutive_drifted" INTEGER NOT NULL DEFAULT 0,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitoring"."monitor_references" (
    "monitor_id" UUID NOT NULL,
    "feature" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "numbers" DOUBLE PRECISION[],
    "strings" JSONB,
    "count" INTEGER NOT NULL,

    CONSTRAINT "monitor_references_pkey" PRIMARY KEY ("monitor_id","feature")
);

-- CreateTable
CREATE TABLE "monitoring"."monitor_windows" (
    "monitor_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "start_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3),
    "count" INTEGER NOT NULL DEFAULT 0,
    "closed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "monitor_windows_pkey" PRIMARY KEY ("monitor_id","seq")
);

-- CreateTable
CREATE TABLE "monitoring"."monitor_samples" (
    "id" BIGSERIAL NOT NULL,
    "monitor_id" UUID NOT NULL,
    "window_seq" INTEGER NOT NULL,
    "prediction_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "inputs" JSONB NOT NULL,
    "score" DOUBLE PRECISION,
    "label" DOUBLE PRECISION,
    "labelled_at" TIMESTAMPTZ(3),

    CONSTRAINT "monitor_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitoring"."drift_reports" (
    "id" UUID NOT NULL,
    "monitor_id" UUID NOT NULL,
    "window_seq" INTEGER NOT NULL,
    "start_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "dataset_drift" BOOLEAN NOT NULL,
    "drift_share" DOUBLE PRECISION NOT NULL,
    "features" JSONB NOT NULL,
    "estimated" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drift_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitoring"."monitor_alerts" (
    "id" UUID NOT NULL,
    "monitor_id" UUID NOT NULL,
    "window_seq" INTEGER NOT NULL,
    "consecutive" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitor_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitoring"."deployments" (
    "deployment_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "features" JSONB NOT NULL,
    "outputs" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("deployment_id")
);

-- CreateIndex
CREATE INDEX "monitors_project_id_deployment_idx" ON "monitoring"."monitors"("project_id", "deployment");

-- CreateIndex
CREATE UNIQUE INDEX "monitors_project_id_name_key" ON "monitoring"."monitors"("project_id", "name");

-- CreateIndex
CREATE INDEX "monitor_samples_monitor_id_window_seq_idx" ON "monitoring"."monitor_samples"("monitor_id", "window_seq");

-- CreateIndex
CREATE INDEX "monitor_samples_prediction_id_idx" ON "monitoring"."monitor_samples"("prediction_id");

-- CreateIndex
CREATE UNIQUE INDEX "monitor_samples_monitor_id_prediction_id_key" ON "monitoring"."monitor_samples"("monitor_id", "prediction_id");

-- CreateIndex
CREATE UNIQUE INDEX "drift_reports_monitor_id_window_seq_key" ON "monitoring"."drift_reports"("monitor_id", "window_seq");

-- CreateIndex
CREATE INDEX "monitor_alerts_monitor_id_created_at_idx" ON "monitoring"."monitor_alerts"("monitor_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "deployments_project_id_name_key" ON "monitoring"."deployments"("project_id", "name");

-- AddForeignKey
ALTER TABLE "monitoring"."monitor_references" ADD CONSTRAINT "monitor_references_monitor_id_fkey" FOREIGN KEY ("monitor_id") REFERENCES "monitoring"."monitors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitoring"."monitor_windows" ADD CONSTRAINT "monitor_windows_monitor_id_fkey" FOREIGN KEY ("monitor_id") REFERENCES "monitoring"."monitors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitoring"."drift_reports" ADD CONSTRAINT "drift_reports_monitor_id_fkey" FOREIGN KEY ("monitor_id") REFERENCES "monitoring"."monitors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitoring"."monitor_alerts" ADD CONSTRAINT "monitor_alerts_monitor_id_fkey" FOREIGN KEY ("monitor_id") REFERENCES "monitoring"."monitors"("id") ON DELETE CASCADE ON UPDATE CASCADE;
