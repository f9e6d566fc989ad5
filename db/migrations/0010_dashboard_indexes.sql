CREATE INDEX `members_created_idx` ON `members` (`created_at`,`status`);--> statement-breakpoint
CREATE INDEX `point_ledger_created_idx` ON `point_ledger` (`created_at`,`kind`,`points`);