CREATE TABLE `campaign_clicks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`link_index` integer NOT NULL,
	`clicked_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `campaign_clicks_campaign_idx` ON `campaign_clicks` (`campaign_id`,`delivery_id`,`link_index`);--> statement-breakpoint
CREATE INDEX `campaign_clicks_member_idx` ON `campaign_clicks` (`member_id`,`clicked_at`,`campaign_id`);--> statement-breakpoint
CREATE INDEX `deliveries_user_campaign_idx` ON `deliveries` (`line_user_id`,`sent_at`,`campaign_id`) WHERE "deliveries"."campaign_id" IS NOT NULL;