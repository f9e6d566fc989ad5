DROP INDEX `deliveries_user_source_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_user_idx` ON `deliveries` (`line_user_id`);--> statement-breakpoint
CREATE INDEX `deliveries_user_source_idx` ON `deliveries` (`line_user_id`,`sent_at`,`source`) WHERE "deliveries"."source" IS NOT NULL;