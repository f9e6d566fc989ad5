ALTER TABLE `members` ADD `next_expiry_at` integer;--> statement-breakpoint
CREATE INDEX `members_next_expiry_idx` ON `members` (`next_expiry_at`,`status`,`line_status`,`marketing_opt_in`);