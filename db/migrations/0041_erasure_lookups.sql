DROP INDEX `deliveries_user_source_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_user_source_idx` ON `deliveries` (`line_user_id`,`sent_at`,`source`);--> statement-breakpoint
CREATE INDEX `audit_log_target_idx` ON `audit_log` (`target`,`at`);--> statement-breakpoint
CREATE INDEX `orders_member_idx` ON `orders` (`member_id`);--> statement-breakpoint
CREATE INDEX `orders_line_user_idx` ON `orders` (`line_user_id`);--> statement-breakpoint
CREATE INDEX `saved_items_member_idx` ON `saved_items` (`member_id`,`created_at`);