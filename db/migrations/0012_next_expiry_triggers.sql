-- Custom migration (drizzle-kit generate --custom): keeps members.next_expiry_at equal to the earliest expiry of the
-- member's lots with points left, on every write to point_ledger, whoever makes it (ledger, expiry job, imports).
CREATE TRIGGER `point_ledger_next_expiry_insert` AFTER INSERT ON `point_ledger` WHEN NEW.`remaining` > 0
BEGIN
  UPDATE `members` SET `next_expiry_at` = (
    SELECT min(`expires_at`) FROM `point_ledger` WHERE `member_id` = NEW.`member_id` AND `remaining` > 0
  ) WHERE `id` = NEW.`member_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `point_ledger_next_expiry_update` AFTER UPDATE OF `remaining` ON `point_ledger`
WHEN OLD.`remaining` IS NOT NEW.`remaining`
BEGIN
  UPDATE `members` SET `next_expiry_at` = (
    SELECT min(`expires_at`) FROM `point_ledger` WHERE `member_id` = NEW.`member_id` AND `remaining` > 0
  ) WHERE `id` = NEW.`member_id`;
END;
--> statement-breakpoint
UPDATE `members` SET `next_expiry_at` = (
  SELECT min(`expires_at`) FROM `point_ledger` WHERE `member_id` = `members`.`id` AND `remaining` > 0
);
