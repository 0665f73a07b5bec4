-- AlterTable
ALTER TABLE "platform"."api_keys" ADD COLUMN     "project_id" UUID;

-- AlterTable
ALTER TABLE "platform"."audit_log" ADD COLUMN     "after" JSONB,
ADD COLUMN     "before" JSONB,
ADD COLUMN     "project_id" UUID;

-- Data (hand-written): earlier audit details become the row's `after`.
UPDATE "platform"."audit_log" SET "after" = "details" WHERE "details" IS NOT NULL;
ALTER TABLE "platform"."audit_log" DROP COLUMN "details";

-- AlterTable
ALTER TABLE "platform"."users" ADD COLUMN     "disabled_at" TIMESTAMPTZ(3),
ADD COLUMN     "is_admin" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "must_change_password" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "password_hash" TEXT;

-- CreateTable
CREATE TABLE "platform"."projects" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform"."memberships" (
    "project_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "platform"."Role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("project_id","user_id")
);

-- CreateTable
CREATE TABLE "platform"."sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "user_agent" TEXT,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- Data (hand-written): the `default` project exists from the first start; earlier users become
-- members of it with the role they held, and earlier admins become platform admins.
INSERT INTO "platform"."projects" ("id", "slug", "name", "description")
VALUES (gen_random_uuid(), 'default', 'Default', 'Created with the platform');
UPDATE "platform"."users" SET "is_admin" = ("role" = 'admin');
INSERT INTO "platform"."memberships" ("project_id", "user_id", "role")
SELECT p."id", u."id", u."role" FROM "platform"."users" u, "platform"."projects" p WHERE p."slug" = 'default';
ALTER TABLE "platform"."users" DROP COLUMN "role";

-- CreateIndex
CREATE UNIQUE INDEX "projects_slug_key" ON "platform"."projects"("slug");

-- CreateIndex
CREATE INDEX "memberships_user_id_idx" ON "platform"."memberships"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_hash_key" ON "platform"."sessions"("hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "platform"."sessions"("user_id");

-- CreateIndex
CREATE INDEX "audit_log_project_id_id_idx" ON "platform"."audit_log"("project_id", "id");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_id_idx" ON "platform"."audit_log"("actor_id", "id");

-- CreateIndex
CREATE INDEX "audit_log_action_id_idx" ON "platform"."audit_log"("action", "id");

-- AddForeignKey
ALTER TABLE "platform"."memberships" ADD CONSTRAINT "memberships_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "platform"."projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform"."memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "platform"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform"."api_keys" ADD CONSTRAINT "api_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "platform"."projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform"."sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "platform"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
