ALTER TABLE `account_link_nonces` ADD `webhook_event_id` text;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `destination` text;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `event` text;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `status` text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `next_attempt_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `last_error` text;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `handled_at` integer;--> statement-breakpoint
CREATE INDEX `webhook_events_due_idx` ON `webhook_events` (`status`,`next_attempt_at`);