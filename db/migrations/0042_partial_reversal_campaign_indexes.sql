DROP INDEX `point_ledger_reversesId_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `point_ledger_reverses_id_unique` ON `point_ledger` (`reverses_id`) WHERE "point_ledger"."reverses_id" IS NOT NULL;--> statement-breakpoint
DROP INDEX `deliveries_campaign_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_campaign_idx` ON `deliveries` (`campaign_id`,`status`) WHERE "deliveries"."campaign_id" IS NOT NULL;