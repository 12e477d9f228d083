CREATE TABLE `adoption_story` (
	`id` text PRIMARY KEY NOT NULL,
	`transfer_id` text NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`parts` text NOT NULL,
	`public_json` text NOT NULL,
	`report_version` integer NOT NULL,
	`editor_consent_by` text,
	`editor_consent_at` text,
	`mentor_consent_by` text,
	`mentor_consent_at` text,
	`published_at` text,
	`withdrawn_at` text,
	`withdrawn_by` text,
	`withdrawn_reason` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`editor_consent_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`mentor_consent_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`withdrawn_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `adoption_story_transfer` ON `adoption_story` (`transfer_id`);--> statement-breakpoint
CREATE INDEX `adoption_story_status` ON `adoption_story` (`status`);--> statement-breakpoint
CREATE TABLE `publication_run` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`reason` text NOT NULL,
	`requested_by` text,
	`requested_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`started_at` text,
	`finished_at` text,
	`stories` integer,
	`error` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`requested_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `publication_run_status` ON `publication_run` (`status`,`id`);