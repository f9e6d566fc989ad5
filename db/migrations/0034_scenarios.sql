CREATE TABLE `scenario_enrolments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scenario_id` integer NOT NULL,
	`subject` text NOT NULL,
	`member_id` integer,
	`line_user_id` text,
	`event_id` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`step` integer DEFAULT 0 NOT NULL,
	`next_at` integer NOT NULL,
	`stop_reason` text,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`scenario_id`) REFERENCES `scenarios`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scenario_enrolments_event_idx` ON `scenario_enrolments` (`scenario_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `scenario_enrolments_subject_idx` ON `scenario_enrolments` (`scenario_id`,`subject`);--> statement-breakpoint
CREATE INDEX `scenario_enrolments_due_idx` ON `scenario_enrolments` (`status`,`next_at`);--> statement-breakpoint
CREATE TABLE `scenario_step_log` (
	`enrolment_id` integer NOT NULL,
	`scenario_id` integer NOT NULL,
	`step_key` integer NOT NULL,
	`member_id` integer,
	`outcome` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scenario_step_log_pk` ON `scenario_step_log` (`enrolment_id`,`step_key`);--> statement-breakpoint
CREATE INDEX `scenario_step_log_step_idx` ON `scenario_step_log` (`scenario_id`,`step_key`);--> statement-breakpoint
CREATE TABLE `scenarios` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text DEFAULT 'paused' NOT NULL,
	`reentry` integer DEFAULT false NOT NULL,
	`stop_on` text NOT NULL,
	`steps` text NOT NULL,
	`last_step_key` integer DEFAULT 0 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
