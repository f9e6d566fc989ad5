CREATE TABLE `legal_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer,
	`content` text,
	`external_url` text,
	`requires_reconsent` integer DEFAULT false NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	`published_by` text,
	CONSTRAINT "legal_documents_published_has_version" CHECK(("legal_documents"."status" = 'draft') = ("legal_documents"."version" IS NULL) AND ("legal_documents"."status" = 'draft') = ("legal_documents"."published_at" IS NULL)),
	CONSTRAINT "legal_documents_has_text" CHECK("legal_documents"."content" IS NOT NULL OR "legal_documents"."external_url" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `legal_documents_version_idx` ON `legal_documents` (`kind`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `legal_documents_one_draft_idx` ON `legal_documents` (`kind`) WHERE "legal_documents"."status" = 'draft';--> statement-breakpoint
CREATE INDEX `legal_documents_reconsent_idx` ON `legal_documents` (`kind`,`requires_reconsent`,`version`);