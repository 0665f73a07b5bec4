-- Message values (a prediction batch is one ~150 KB envelope) compress with LZ4 where the server
-- has it: about half the CPU of the default pglz for the same size (bench/serving.js, log on).
-- PGlite is built without LZ4: the column keeps pglz there.
DO $$
BEGIN
  ALTER TABLE "platform"."bus_messages" ALTER COLUMN "value" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
