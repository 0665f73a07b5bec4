-- CreateTable
CREATE TABLE "serving"."registry_versions" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "feature_names" JSONB,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "registry_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "serving"."registry_aliases" (
    "model_id" UUID NOT NULL,
    "alias" TEXT NOT NULL,
    "project_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "version" INTEGER,
    "moved_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "registry_aliases_pkey" PRIMARY KEY ("model_id","alias")
);

-- CreateTable
CREATE TABLE "serving"."deployments" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "current_revision" INTEGER NOT NULL,
    "public" BOOLEAN NOT NULL DEFAULT false,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "serving"."deployment_revisions" (
    "id" UUID NOT NULL,
    "deployment_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "champion_version" INTEGER NOT NULL,
    "champion_sha256" TEXT NOT NULL,
    "challenger_version" INTEGER,
    "challenger_sha256" TEXT,
    "reason" TEXT NOT NULL,
    "rolled_back_from" INTEGER,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployment_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "registry_versions_project_id_model_idx" ON "serving"."registry_versions"("project_id", "model");

-- CreateIndex
CREATE UNIQUE INDEX "registry_versions_model_id_version_key" ON "serving"."registry_versions"("model_id", "version");

-- CreateIndex
CREATE INDEX "registry_aliases_project_id_model_idx" ON "serving"."registry_aliases"("project_id", "model");

-- CreateIndex
CREATE INDEX "deployments_updated_at_idx" ON "serving"."deployments"("updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "deployments_project_id_name_key" ON "serving"."deployments"("project_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_revisions_deployment_id_revision_key" ON "serving"."deployment_revisions"("deployment_id", "revision");

-- AddForeignKey
ALTER TABLE "serving"."deployment_revisions" ADD CONSTRAINT "deployment_revisions_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "serving"."deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
