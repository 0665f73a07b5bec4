-- CreateTable
CREATE TABLE "platform"."bus_topics" (
    "name" TEXT NOT NULL,
    "partitions" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bus_topics_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "platform"."bus_partitions" (
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "next_offset" BIGINT NOT NULL DEFAULT 0,
    "total_bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "bus_partitions_pkey" PRIMARY KEY ("topic","partition")
);

-- CreateTable
CREATE TABLE "platform"."bus_messages" (
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "msg_offset" BIGINT NOT NULL,
    "key" TEXT,
    "value" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "end_bytes" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bus_messages_pkey" PRIMARY KEY ("topic","partition","msg_offset")
);

-- CreateTable
CREATE TABLE "platform"."bus_members" (
    "group_id" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "topics" TEXT[],
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bus_members_pkey" PRIMARY KEY ("group_id","member_id")
);

-- CreateTable
CREATE TABLE "platform"."bus_group_offsets" (
    "group_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "next_offset" BIGINT NOT NULL,
    "owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bus_group_offsets_pkey" PRIMARY KEY ("group_id","topic","partition")
);

-- CreateTable
CREATE TABLE "platform"."bus_dead_letters" (
    "id" BIGSERIAL NOT NULL,
    "consumer_group" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "msg_offset" TEXT NOT NULL,
    "event_id" TEXT,
    "key" TEXT,
    "value" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayed_at" TIMESTAMPTZ(3),
    "replay_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "bus_dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bus_messages_created_at_idx" ON "platform"."bus_messages"("created_at");

-- CreateIndex
CREATE INDEX "bus_messages_topic_partition_end_bytes_idx" ON "platform"."bus_messages"("topic", "partition", "end_bytes");

-- CreateIndex
CREATE INDEX "bus_dead_letters_topic_id_idx" ON "platform"."bus_dead_letters"("topic", "id");

-- CreateIndex
CREATE INDEX "bus_dead_letters_consumer_group_id_idx" ON "platform"."bus_dead_letters"("consumer_group", "id");
