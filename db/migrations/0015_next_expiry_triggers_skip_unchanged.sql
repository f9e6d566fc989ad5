-- Custom migration (drizzle-kit generate --custom): the next-expiry triggers of 0012 write members only when the
-- earliest expiry actually changes, so an earn or a redemption does not rewrite two covering indexes for nothing.
DROP TRIGGER `point_ledger_next_expiry_insert`;
--> statement-breakpoint
DROP TRIGGER `point_ledger_next_expiry_update`;
--> statement-breakpoint
CREATE TRIGGER `point_ledger_next_expiry_insert` AFTER INSERT ON `point_ledger` WHEN NEW.`remaining` > 0
BEGIN
  UPDATE `members` SET `next_expiry_at` = (
    SELECT min(`expires_at`) FROM `point_ledger` WHERE `member_id` = NEW.`member_id` AND `remaining` > 0
  ) WHERE `id` = NEW.`member_id` AND `next_expiry_at` IS NOT (
    SELECT min(`expires_at`) FROM `point_ledger` WHERE `member_id` = NEW.`member_id` AND `remaining` > 0
  );
END;
--> statement-breakpoint
CREATE TRIGGER `point_ledger_next_expiry_update` AFTER UPDATE OF `remaining` ON `point_ledger`
WHEN OLD.`remaining` IS NOT NEW.`remaining`
BEGIN
  UPDATE `members` SET `next_expiry_at` = (
    SELECT min(`expires_at`) FROM `point_ledger` WHERE `member_id` = NEW.`member_id` AND `remaining` > 0
  ) WHERE `id` = NEW.`member_id` AND `next_expiry_at` IS NOT (
    SELECT min(`expires_at`) FROM `point_ledger` WHERE `member_id` = NEW.`member_id` AND `remaining` > 0
  );
END;
