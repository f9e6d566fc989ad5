CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor`,`action`,`at`);--> statement-breakpoint
CREATE INDEX `point_ledger_store_idx` ON `point_ledger` (`store_id`,`id`);