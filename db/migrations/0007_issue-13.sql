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
CREATE INDEX `audit_event_action` ON `audit_event` (`action`);