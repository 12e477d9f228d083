CREATE TABLE `activity` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transfer_id` text NOT NULL,
	`actor_user_id` text,
	`summary` text NOT NULL,
	`link` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `activity_transfer` ON `activity` (`transfer_id`,`id`);--> statement-breakpoint
CREATE TABLE `comment` (
	`id` text PRIMARY KEY NOT NULL,
	`transfer_id` text NOT NULL,
	`stage` text NOT NULL,
	`submission_id` text,
	`entry_id` text,
	`field_id` text,
	`parent_id` text,
	`author_id` text,
	`body` text NOT NULL,
	`required` integer DEFAULT false NOT NULL,
	`status` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`edited_at` text,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submission_id`) REFERENCES `submission`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `comment_transfer` ON `comment` (`transfer_id`,`stage`,`created_at`);--> statement-breakpoint
CREATE INDEX `comment_open` ON `comment` (`transfer_id`,`required`,`status`);--> statement-breakpoint
CREATE TABLE `comment_revision` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`comment_id` text NOT NULL,
	`body` text NOT NULL,
	`replaced_at` text NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `comment`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comment_revision_comment` ON `comment_revision` (`comment_id`);--> statement-breakpoint
CREATE TABLE `decision` (
	`id` text PRIMARY KEY NOT NULL,
	`transfer_id` text NOT NULL,
	`stage` text NOT NULL,
	`submission_id` text NOT NULL,
	`mentor_id` text,
	`outcome` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`rubric` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submission_id`) REFERENCES `submission`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentor_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `decision_transfer` ON `decision` (`transfer_id`,`stage`);--> statement-breakpoint
CREATE TABLE `notification` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`transfer_id` text,
	`summary` text NOT NULL,
	`link` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notification_user` ON `notification` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `stage_review` (
	`transfer_id` text NOT NULL,
	`stage` text NOT NULL,
	`state` text NOT NULL,
	`latest_submission` integer NOT NULL,
	`submitted_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stage_review_pair` ON `stage_review` (`transfer_id`,`stage`);--> statement-breakpoint
CREATE TABLE `submission` (
	`id` text PRIMARY KEY NOT NULL,
	`transfer_id` text NOT NULL,
	`stage` text NOT NULL,
	`number` integer NOT NULL,
	`snapshot` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`submitted_by` text,
	`submitted_at` text NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submitted_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submission_number` ON `submission` (`transfer_id`,`stage`,`number`);--> statement-breakpoint
ALTER TABLE `user` ADD `email_notifications` integer DEFAULT true NOT NULL;