-- Custom migration (drizzle-kit generate --custom): keeps members.line_status equal to the linked LINE account's
-- friend status ('none' when unlinked) on every write to line_accounts, whoever makes it.
CREATE TRIGGER `line_accounts_member_status_insert` AFTER INSERT ON `line_accounts` WHEN NEW.`member_id` IS NOT NULL
BEGIN
  UPDATE `members` SET `line_status` = NEW.`friend_status` WHERE `id` = NEW.`member_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `line_accounts_member_status_update` AFTER UPDATE OF `member_id`, `friend_status` ON `line_accounts`
BEGIN
  UPDATE `members` SET `line_status` = 'none' WHERE `id` = OLD.`member_id` AND OLD.`member_id` IS NOT NEW.`member_id`;
  UPDATE `members` SET `line_status` = NEW.`friend_status` WHERE `id` = NEW.`member_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `line_accounts_member_status_delete` AFTER DELETE ON `line_accounts` WHEN OLD.`member_id` IS NOT NULL
BEGIN
  UPDATE `members` SET `line_status` = 'none' WHERE `id` = OLD.`member_id`;
END;
--> statement-breakpoint
UPDATE `members` SET `line_status` = coalesce((SELECT `friend_status` FROM `line_accounts` WHERE `member_id` = `members`.`id`), 'none');
