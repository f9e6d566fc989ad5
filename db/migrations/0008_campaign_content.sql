ALTER TABLE `campaigns` ADD `content` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `last_error` text;