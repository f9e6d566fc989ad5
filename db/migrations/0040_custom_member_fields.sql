CREATE TABLE `member_field_answers` (
	`member_id` integer NOT NULL,
	`field_id` integer NOT NULL,
	`value` text NOT NULL,
	`answered_at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `field_id`, `value`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`field_id`) REFERENCES `member_fields`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_field_answers_value_idx` ON `member_field_answers` (`field_id`,`value`,`member_id`);--> statement-breakpoint
CREATE TABLE `member_fields` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`label_ja` text NOT NULL,
	`label_en` text NOT NULL,
	`type` text NOT NULL,
	`choices` text NOT NULL,
	`required` integer DEFAULT false NOT NULL,
	`ask_at_registration` integer DEFAULT false NOT NULL,
	`position` integer NOT NULL,
	`archived` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `member_fields_key_unique` ON `member_fields` (`key`);