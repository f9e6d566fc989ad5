CREATE TABLE `ledger_allocations` (
	`entry_id` integer NOT NULL,
	`lot_id` integer NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `lot_id`),
	FOREIGN KEY (`entry_id`) REFERENCES `point_ledger`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `point_ledger`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `point_ledger` ADD `write_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `point_ledger_reversesId_unique` ON `point_ledger` (`reverses_id`);