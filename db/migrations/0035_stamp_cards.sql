CREATE TABLE `stamps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`store_id` integer,
	`daily_key` text,
	`member_coupon_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `point_ledger`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_coupon_id`) REFERENCES `member_coupons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stamps_entryId_unique` ON `stamps` (`entry_id`);--> statement-breakpoint
CREATE INDEX `stamps_open_idx` ON `stamps` (`member_id`,`member_coupon_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `stamps_daily_idx` ON `stamps` (`member_id`,`daily_key`);