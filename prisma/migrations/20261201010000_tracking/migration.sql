-- CreateEnum
CREATE TYPE "tracking"."RunStatus" AS ENUM ('running', 'finished', 'failed', 'killed');

-- CreateEnum
CREATE TYPE "tracking"."DatasetRole" AS ENUM ('training', 'validation', 'test', 'other');

-- CreateTable
CREATE TABLE "tracking"."experiments" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "experiments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracking"."runs" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "experiment_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" "tracking"."RunStatus" NOT NULL DEFAULT 'running',
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3),
    "git_commit" TEXT,
    "git_repository" TEXT,
    "git_branch" TEXT,
    "git_dirty" BOOLEAN,
    "created_by" UUID,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracking"."run_params" (
    "run_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "run_params_pkey" PRIMARY KEY ("run_id","key")
);

-- CreateTable
CREATE TABLE "tracking"."run_tags" (
    "run_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "run_tags_pkey" PRIMARY KEY ("run_id","key")
);

-- CreateTable
CREATE TABLE "tracking"."metrics" (
    "run_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "step" BIGINT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL
);

-- CreateTable
CREATE TABLE "tracking"."latest_metrics" (
    "run_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "step" BIGINT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "latest_metrics_pkey" PRIMARY KEY ("run_id","key")
);

-- CreateTable
CREATE TABLE "tracking"."metric_batches" (
    "run_id" UUID NOT NULL,
    "batch_id" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_batches_pkey" PRIMARY KEY ("run_id","batch_id")
);

-- CreateTable
CREATE TABLE "tracking"."run_artifacts" (
    "run_id" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "content_type" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_artifacts_pkey" PRIMARY KEY ("run_id","path")
);

-- CreateTable
CREATE TABLE "tracking"."dataset_versions" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "format" TEXT NOT NULL,
    "source" JSONB NOT NULL,
    "schema" JSONB NOT NULL,
    "row_count" INTEGER NOT NULL,
    "profile" JSONB NOT NULL,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracking"."run_inputs" (
    "run_id" UUID NOT NULL,
    "dataset_version_id" UUID NOT NULL,
    "role" "tracking"."DatasetRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_inputs_pkey" PRIMARY KEY ("run_id","dataset_version_id","role")
);

-- CreateIndex
CREATE UNIQUE INDEX "experiments_project_id_name_key" ON "tracking"."experiments"("project_id", "name");

-- CreateIndex
CREATE INDEX "runs_experiment_id_start_time_idx" ON "tracking"."runs"("experiment_id", "start_time" DESC);

-- CreateIndex
CREATE INDEX "runs_project_id_start_time_idx" ON "tracking"."runs"("project_id", "start_time" DESC);

-- CreateIndex
CREATE INDEX "run_params_key_value_idx" ON "tracking"."run_params"("key", "value");

-- CreateIndex
CREATE INDEX "metrics_run_id_key_step_idx" ON "tracking"."metrics"("run_id", "key", "step");

-- CreateIndex
CREATE INDEX "latest_metrics_key_value_idx" ON "tracking"."latest_metrics"("key", "value");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_versions_project_id_name_version_key" ON "tracking"."dataset_versions"("project_id", "name", "version");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_versions_project_id_name_sha256_key" ON "tracking"."dataset_versions"("project_id", "name", "sha256");

-- CreateIndex
CREATE INDEX "run_inputs_dataset_version_id_idx" ON "tracking"."run_inputs"("dataset_version_id");

-- AddForeignKey
ALTER TABLE "tracking"."runs" ADD CONSTRAINT "runs_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "tracking"."experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."run_params" ADD CONSTRAINT "run_params_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "tracking"."runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."run_tags" ADD CONSTRAINT "run_tags_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "tracking"."runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."latest_metrics" ADD CONSTRAINT "latest_metrics_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "tracking"."runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."metric_batches" ADD CONSTRAINT "metric_batches_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "tracking"."runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."run_artifacts" ADD CONSTRAINT "run_artifacts_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "tracking"."runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."run_inputs" ADD CONSTRAINT "run_inputs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "tracking"."runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."run_inputs" ADD CONSTRAINT "run_inputs_dataset_version_id_fkey" FOREIGN KEY ("dataset_version_id") REFERENCES "tracking"."dataset_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
