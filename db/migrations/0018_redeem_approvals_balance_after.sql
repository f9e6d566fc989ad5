CREATE TABLE `redeem_approvals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_hash` text NOT NULL,
	`store_id` integer,
	`member_id` integer NOT NULL,
	`points` integer NOT NULL,
	`approved_by` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by_staff_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `redeem_approvals_member_idx` ON `redeem_approvals` (`member_id`,`code_hash`);--> statement-breakpoint
ALTER TABLE `point_ledger` ADD `balance_after` integer;