CREATE TABLE `member_tags` (
	`member_id` integer NOT NULL,
	`name` text NOT NULL,
	`value` text DEFAULT '' NOT NULL,
	`set_by` text NOT NULL,
	`set_at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `name`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_tags_name_idx` ON `member_tags` (`name`,`value`,`member_id`);--> statement-breakpoint
ALTER TABLE `api_keys` ADD `scopes` text DEFAULT '["reservations"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `rate_tier` text DEFAULT 'standard' NOT NULL;