CREATE TABLE `item_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`item_id` text NOT NULL,
	`kind` text NOT NULL,
	`item` text NOT NULL,
	`previous_price_yen` integer,
	`cursor` integer DEFAULT 0 NOT NULL,
	`planned` integer DEFAULT 0 NOT NULL,
	`done_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `item_alerts_key_unique` ON `item_alerts` (`key`);--> statement-breakpoint
CREATE INDEX `item_alerts_pending_idx` ON `item_alerts` (`done_at`,`id`);--> statement-breakpoint
ALTER TABLE `scenarios` ADD `start_tag` text;