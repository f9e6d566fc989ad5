ALTER TABLE `members` ADD `line_status` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
CREATE INDEX `members_segment_idx` ON `members` (`status`,`rank`,`line_status`,`marketing_opt_in`,`prefecture`,`home_store_id`,`birthday`,`last_visit_at`);--> statement-breakpoint
CREATE INDEX `members_name_kana_idx` ON `members` (`name_kana`);--> statement-breakpoint
CREATE INDEX `members_name_idx` ON `members` (`name`);--> statement-breakpoint
CREATE INDEX `deliveries_campaign_idx` ON `deliveries` (`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `point_ledger_expiring_member_idx` ON `point_ledger` (`expires_at`,`member_id`) WHERE "point_ledger"."remaining" > 0;