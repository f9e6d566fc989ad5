CREATE TABLE `job_cursors` (
	`name` text PRIMARY KEY NOT NULL,
	`period` text NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
