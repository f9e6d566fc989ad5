CREATE TABLE `job_runs` (
	`name` text PRIMARY KEY NOT NULL,
	`period` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`finished_at` integer
);
