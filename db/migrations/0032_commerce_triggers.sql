CREATE TABLE `carts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`member_id` integer NOT NULL,
	`items` text NOT NULL,
	`cart_url` text,
	`status` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`remind_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `carts_externalId_unique` ON `carts` (`external_id`);--> statement-breakpoint
CREATE INDEX `carts_due_idx` ON `carts` (`status`,`remind_at`);--> statement-breakpoint
CREATE INDEX `carts_member_idx` ON `carts` (`member_id`,`status`);--> statement-breakpoint
CREATE TABLE `commerce_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`body_hash` text NOT NULL,
	`write_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commerce_events_key_unique` ON `commerce_events` (`key`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`member_id` integer,
	`line_user_id` text,
	`status` text NOT NULL,
	`total_yen` integer,
	`tracking_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_externalId_unique` ON `orders` (`external_id`);--> statement-breakpoint
CREATE TABLE `saved_items` (
	`item_id` text NOT NULL,
	`member_id` integer NOT NULL,
	`name` text NOT NULL,
	`image_url` text,
	`url` text NOT NULL,
	`price_yen` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`item_id`, `member_id`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `trigger_templates` (
	`kind` text PRIMARY KEY NOT NULL,
	`texts` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
