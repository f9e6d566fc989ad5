-- Custom migration (drizzle-kit generate --custom): a published terms or privacy version is what members consented
-- to, so it is never changed or removed, whoever writes to the database; only drafts are edited, published or dropped.
CREATE TRIGGER `legal_documents_published_no_update` BEFORE UPDATE ON `legal_documents` WHEN OLD.`status` = 'published'
BEGIN
  SELECT RAISE(ABORT, 'published legal documents are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `legal_documents_published_no_delete` BEFORE DELETE ON `legal_documents` WHEN OLD.`status` = 'published'
BEGIN
  SELECT RAISE(ABORT, 'published legal documents are immutable');
END;
