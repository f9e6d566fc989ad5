CREATE TABLE `line_requests` (
	`request_id` text PRIMARY KEY NOT NULL,
	`source` text,
	`recipients` integer NOT NULL,
	`sent_at` integer NOT NULL,
	`insight_status` text DEFAULT 'pending' NOT NULL,
	`checked_at` integer,
	`delivered` integer,
	`unique_impression` integer,
	`unique_click` integer,
	`unique_media_played` integer,
	`impressions` integer,
	`clicks` integer
);
--> statement-breakpoint
CREATE INDEX `line_requests_pending_idx` ON `line_requests` (`sent_at`) WHERE "line_requests"."insight_status" = 'pending';--> statement-breakpoint
CREATE INDEX `line_requests_source_idx` ON `line_requests` (`source`,`sent_at`);--> statement-breakpoint
CREATE TABLE `message_clicks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`source` text NOT NULL,
	`member_id` integer,
	`link_index` integer NOT NULL,
	`clicked_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `message_clicks_source_idx` ON `message_clicks` (`source`,`delivery_id`,`clicked_at`);--> statement-breakpoint
CREATE INDEX `message_clicks_member_idx` ON `message_clicks` (`member_id`,`clicked_at`,`source`);--> statement-breakpoint
ALTER TABLE `deliveries` ADD `source` text;--> statement-breakpoint
CREATE INDEX `deliveries_source_idx` ON `deliveries` (`source`,`created_at`,`status`) WHERE "deliveries"."source" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `deliveries_user_source_idx` ON `deliveries` (`line_user_id`,`sent_at`,`source`) WHERE "deliveries"."source" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `point_ledger_purchase_idx` ON `point_ledger` (`created_at`,`member_id`,`purchase_amount`) WHERE "point_ledger"."kind" = 'earn' AND "point_ledger"."purchase_amount" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `webhook_events_type_idx` ON `webhook_events` (`type`,`received_at`);