CREATE TABLE `coupon_redemptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_coupon_id` integer NOT NULL,
	`store_id` integer,
	`staff_id` integer,
	`token_id` text,
	`idempotency_key` text NOT NULL,
	`redeemed_at` integer NOT NULL,
	`reversed_at` integer,
	`reversed_by` integer,
	`reverse_reason` text,
	FOREIGN KEY (`member_coupon_id`) REFERENCES `member_coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_redemptions_tokenId_unique` ON `coupon_redemptions` (`token_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_redemptions_idempotencyKey_unique` ON `coupon_redemptions` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `coupon_redemptions_at_idx` ON `coupon_redemptions` (`redeemed_at`,`store_id`);--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`image_url` text,
	`terms` text DEFAULT '' NOT NULL,
	`benefit_kind` text NOT NULL,
	`benefit_value` integer,
	`free_item` text,
	`points_price` integer,
	`valid_from` integer,
	`valid_until` integer,
	`valid_days` integer,
	`per_member_limit` integer DEFAULT 1 NOT NULL,
	`total_limit` integer,
	`store_ids` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	CONSTRAINT "coupons_points_price_positive" CHECK("coupons"."points_price" IS NULL OR "coupons"."points_price" > 0),
	CONSTRAINT "coupons_limits_positive" CHECK("coupons"."per_member_limit" > 0 AND ("coupons"."total_limit" IS NULL OR "coupons"."total_limit" > 0))
);
--> statement-breakpoint
CREATE TABLE `member_coupons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`coupon_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`issue_key` text NOT NULL,
	`source` text NOT NULL,
	`campaign_id` integer,
	`ledger_entry_id` integer,
	`status` text DEFAULT 'issued' NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer,
	`viewed_at` integer,
	`used_at` integer,
	`write_id` text,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_entry_id`) REFERENCES `point_ledger`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `member_coupons_issueKey_unique` ON `member_coupons` (`issue_key`);--> statement-breakpoint
CREATE INDEX `member_coupons_member_idx` ON `member_coupons` (`member_id`,`id`);--> statement-breakpoint
CREATE INDEX `member_coupons_coupon_idx` ON `member_coupons` (`coupon_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `member_coupons_expiring_idx` ON `member_coupons` (`expires_at`) WHERE "member_coupons"."status" = 'issued';--> statement-breakpoint
ALTER TABLE `campaigns` ADD `coupon_id` integer;