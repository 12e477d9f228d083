CREATE TABLE `deleted_entry` (
	`id` text PRIMARY KEY NOT NULL,
	`transfer_id` text NOT NULL,
	`template` text NOT NULL,
	`section` text NOT NULL,
	`grouping` text DEFAULT '' NOT NULL,
	`snapshot` text NOT NULL,
	`deleted_by` text,
	`deleted_at` text NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`deleted_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `deleted_entry_transfer` ON `deleted_entry` (`transfer_id`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `deleted_entry_at` ON `deleted_entry` (`deleted_at`);--> statement-breakpoint
ALTER TABLE `transfer` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `transfer` ADD `status_reason` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `transfer` ADD `status_changed_at` text;--> statement-breakpoint
CREATE INDEX `audit_event_action` ON `audit_event` (`action`);--> statement-breakpoint
-- Data (issue 13, hand-written): before this issue a required change marked addressed was closed. Those a stage was approved with (its state is approved, or an approval was decided after the change was asked) are accepted, so they are not listed as answers to check forever; those on a stage still in review wait for the mentor as new answers do.
UPDATE `comment` SET `status` = 'accepted' WHERE `required` = 1 AND `status` = 'addressed' AND (EXISTS (SELECT 1 FROM `stage_review` WHERE `stage_review`.`transfer_id` = `comment`.`transfer_id` AND `stage_review`.`stage` = `comment`.`stage` AND `stage_review`.`state` = 'approved') OR EXISTS (SELECT 1 FROM `decision` WHERE `decision`.`transfer_id` = `comment`.`transfer_id` AND `decision`.`stage` = `comment`.`stage` AND `decision`.`outcome` IN ('approve', 'approve-with-changes') AND `decision`.`created_at` >= `comment`.`created_at`));
