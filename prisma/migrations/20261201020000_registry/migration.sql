-- CreateEnum
CREATE TYPE "tracking"."ModelVersionStatus" AS ENUM ('pending', 'ready', 'failed');

-- CreateTable
CREATE TABLE "tracking"."registered_models" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registered_models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracking"."model_versions" (
    "id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "run_id" UUID NOT NULL,
    "artifact_path" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "status" "tracking"."ModelVersionStatus" NOT NULL DEFAULT 'ready',
    "status_reason" TEXT,
    "signature" JSONB NOT NULL,
    "feature_names" JSONB,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracking"."model_aliases" (
    "model_id" UUID NOT NULL,
    "alias" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_aliases_pkey" PRIMARY KEY ("model_id","alias")
);

-- CreateTable
CREATE TABLE "tracking"."alias_moves" (
    "id" BIGSERIAL NOT NULL,
    "model_id" UUID NOT NULL,
    "alias" TEXT NOT NULL,
    "from_version" INTEGER,
    "to_version" INTEGER,
    "actor_id" UUID,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alias_moves_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "registered_models_project_id_name_key" ON "tracking"."registered_models"("project_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_model_id_version_key" ON "tracking"."model_versions"("model_id", "version");

-- CreateIndex
CREATE INDEX "alias_moves_model_id_alias_at_idx" ON "tracking"."alias_moves"("model_id", "alias", "at" DESC);

-- AddForeignKey
ALTER TABLE "tracking"."model_versions" ADD CONSTRAINT "model_versions_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "tracking"."registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."model_aliases" ADD CONSTRAINT "model_aliases_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "tracking"."registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking"."alias_moves" ADD CONSTRAINT "alias_moves_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "tracking"."registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;
