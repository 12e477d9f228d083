ALTER TABLE `transfer` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `transfer` ADD `status_reason` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `transfer` ADD `status_changed_at` text;--> statement-breakpoint
CREATE INDEX `audit_event_action` ON `audit_event` (`action`);