-- CreateIndex
CREATE INDEX "bus_dead_letters_created_at_idx" ON "platform"."bus_dead_letters"("created_at");

-- CreateIndex
CREATE INDEX "processed_events_processed_at_idx" ON "platform"."processed_events"("processed_at");
