-- Custom migration (drizzle-kit generate --custom).
-- 1. Rank changes already in the audit log become `rank.changed` domain events under the same ids, so the outbox's
--    dedupe keys (`rank:<id>`) still match; the ones whose message was already planned count as consumed.
INSERT INTO `domain_events` (`id`, `kind`, `member_id`, `payload`, `created_at`, `consumed_at`)
SELECT a.`id`, 'rank.changed', CAST(substr(a.`target`, 8) AS INTEGER), coalesce(a.`detail`, '{}'), a.`at`,
  CASE WHEN EXISTS (SELECT 1 FROM `deliveries` d WHERE d.`dedupe_key` = 'rank:' || a.`id`) THEN a.`at` END
FROM `audit_log` a
WHERE a.`action` = 'rank.changed' AND a.`target` LIKE 'member:%';
--> statement-breakpoint
-- 2. One spelling of a person on the staff: `staff:<id>`, whether they acted as staff or as an admin (`admin:<id>`
--    before). Published legal documents are immutable (0023) and keep the spelling they were published with.
UPDATE `audit_log` SET `actor` = 'staff:' || substr(`actor`, 7) WHERE `actor` LIKE 'admin:%';
--> statement-breakpoint
UPDATE `point_ledger` SET `actor` = 'staff:' || substr(`actor`, 7) WHERE `actor` LIKE 'admin:%';
--> statement-breakpoint
UPDATE `settings` SET `updated_by` = 'staff:' || substr(`updated_by`, 7) WHERE `updated_by` LIKE 'admin:%';
--> statement-breakpoint
UPDATE `campaigns` SET `created_by` = 'staff:' || substr(`created_by`, 7) WHERE `created_by` LIKE 'admin:%';
--> statement-breakpoint
UPDATE `legal_documents` SET `created_by` = 'staff:' || substr(`created_by`, 7)
WHERE `created_by` LIKE 'admin:%' AND `status` <> 'published';
