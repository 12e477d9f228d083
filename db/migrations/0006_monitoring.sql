CREATE TABLE `action_update` (
	`id` text PRIMARY KEY NOT NULL,
	`transfer_id` text NOT NULL,
	`action_id` text NOT NULL,
	`on_date` text NOT NULL,
	`status` text NOT NULL,
	`progress` integer,
	`done` text DEFAULT '' NOT NULL,
	`blockers` text DEFAULT '' NOT NULL,
	`next_step` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`action_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `action_update_action` ON `action_update` (`action_id`,`on_date`);--> statement-breakpoint
CREATE INDEX `action_update_transfer` ON `action_update` (`transfer_id`,`on_date`);--> statement-breakpoint
CREATE TABLE `kpi_chart` (
	`kpi_id` text PRIMARY KEY NOT NULL,
	`transfer_id` text NOT NULL,
	`rule_set` text DEFAULT 'ihi' NOT NULL,
	`baseline_count` integer DEFAULT 12 NOT NULL,
	`phase_starts` text DEFAULT '[]' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_by` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`kpi_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `kpi_measurement` (
	`id` text PRIMARY KEY NOT NULL,
	`transfer_id` text NOT NULL,
	`kpi_id` text NOT NULL,
	`period` text NOT NULL,
	`period_start` text NOT NULL,
	`value` real NOT NULL,
	`numerator` real,
	`denominator` real,
	`note` text DEFAULT '' NOT NULL,
	`data_source` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`kpi_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kpi_measurement_period` ON `kpi_measurement` (`kpi_id`,`period`);--> statement-breakpoint
CREATE INDEX `kpi_measurement_series` ON `kpi_measurement` (`transfer_id`,`kpi_id`,`period_start`);--> statement-breakpoint
CREATE TABLE `maturity_reassessment` (
	`id` text PRIMARY KEY NOT NULL,
	`transfer_id` text NOT NULL,
	`workshop_id` text NOT NULL,
	`dimension` text NOT NULL,
	`score` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_by` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workshop_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `maturity_reassessment_dimension` ON `maturity_reassessment` (`workshop_id`,`dimension`);--> statement-breakpoint
CREATE INDEX `maturity_reassessment_transfer` ON `maturity_reassessment` (`transfer_id`);--> statement-breakpoint
CREATE TABLE `report_reminder` (
	`transfer_id` text NOT NULL,
	`period_end` text NOT NULL,
	`sent_at` text NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfer`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_reminder_period` ON `report_reminder` (`transfer_id`,`period_end`);