CREATE TABLE `webhook_forwards` (
	`id` text PRIMARY KEY NOT NULL,
	`target` text NOT NULL,
	`event_ids` text NOT NULL,
	`event_types` text NOT NULL,
	`event_at` integer NOT NULL,
	`body` text NOT NULL,
	`signature` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_status` integer,
	`last_error` text,
	`received_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_forwards_target_events_idx` ON `webhook_forwards` (`target`,`event_ids`);--> statement-breakpoint
CREATE INDEX `webhook_forwards_due_idx` ON `webhook_forwards` (`status`,`next_attempt_at`);