ALTER TABLE `activity` ADD `message` text;--> statement-breakpoint
ALTER TABLE `invitation` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `notification` ADD `message` text;--> statement-breakpoint
ALTER TABLE `transfer` ADD `working_language` text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE `user` ADD `locale` text;