ALTER TABLE `campaigns` ADD `quiet_hours_override` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `hold_in_quiet_hours` integer DEFAULT false NOT NULL;