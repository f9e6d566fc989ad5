CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`detail` text,
	`store_id` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `card_scans` (
	`token_id` text PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`staff_id` integer,
	`used_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`kind` text NOT NULL,
	`line_user_id` text NOT NULL,
	`messages` text NOT NULL,
	`content_hash` text,
	`retry_key` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`campaign_id` integer,
	`sent_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_dedupeKey_unique` ON `deliveries` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `line_accounts` (
	`line_user_id` text PRIMARY KEY NOT NULL,
	`display_name` text,
	`picture_url` text,
	`member_id` integer,
	`linked_at` integer,
	`link_method` text,
	`friend_status` text DEFAULT 'unknown' NOT NULL,
	`rich_menu` text DEFAULT 'guest' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `line_accounts_memberId_unique` ON `line_accounts` (`member_id`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_number` text NOT NULL,
	`name` text NOT NULL,
	`name_kana` text,
	`birthday` text,
	`phone` text,
	`prefecture` text,
	`pin_hash` text,
	`rank` text DEFAULT 'regular' NOT NULL,
	`balance` integer DEFAULT 0 NOT NULL,
	`marketing_opt_in` integer DEFAULT false NOT NULL,
	`terms_version` text,
	`terms_accepted_at` integer,
	`privacy_version` text,
	`privacy_accepted_at` integer,
	`home_store_id` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`home_store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "members_balance_not_negative" CHECK("members"."balance" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_memberNumber_unique` ON `members` (`member_number`);--> statement-breakpoint
CREATE INDEX `members_phone_idx` ON `members` (`phone`);--> statement-breakpoint
CREATE TABLE `point_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`kind` text NOT NULL,
	`points` integer NOT NULL,
	`remaining` integer,
	`expires_at` integer,
	`purchase_amount` integer,
	`store_id` integer,
	`actor` text NOT NULL,
	`reverses_id` integer,
	`idempotency_key` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "point_ledger_remaining_not_negative" CHECK("point_ledger"."remaining" IS NULL OR "point_ledger"."remaining" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `point_ledger_idempotencyKey_unique` ON `point_ledger` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `point_ledger_member_idx` ON `point_ledger` (`member_id`,`id`);--> statement-breakpoint
CREATE INDEX `point_ledger_lots_idx` ON `point_ledger` (`member_id`,`expires_at`);--> statement-breakpoint
CREATE TABLE `reminder_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`offset` integer NOT NULL,
	`template` text,
	`enabled` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reservations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`store_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`party_size` integer DEFAULT 1 NOT NULL,
	`menu` text,
	`note` text,
	`status` text DEFAULT 'booked' NOT NULL,
	`external_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reservations_externalId_unique` ON `reservations` (`external_id`);--> statement-breakpoint
CREATE INDEX `reservations_starts_idx` ON `reservations` (`starts_at`);--> statement-breakpoint
CREATE INDEX `reservations_member_idx` ON `reservations` (`member_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`line_user_id` text NOT NULL,
	`display_name` text NOT NULL,
	`store_id` integer,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`deactivated_at` integer,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_lineUserId_unique` ON `staff` (`line_user_id`);--> statement-breakpoint
CREATE TABLE `staff_invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_hash` text NOT NULL,
	`store_id` integer,
	`role` text NOT NULL,
	`created_by` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by_staff_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_invites_codeHash_unique` ON `staff_invites` (`code_hash`);--> statement-breakpoint
CREATE TABLE `stores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`time_zone` text DEFAULT 'Asia/Tokyo' NOT NULL,
	`address` text,
	`phone` text,
	`map_url` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stores_code_unique` ON `stores` (`code`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`webhook_event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL
);
