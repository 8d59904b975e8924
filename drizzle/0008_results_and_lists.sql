CREATE TABLE "inspection_results" (
	"task_code" text NOT NULL,
	"credit_code" text NOT NULL,
	"item_code" text NOT NULL,
	"outcome" text NOT NULL,
	"inspection_date" date NOT NULL,
	"due_date" date NOT NULL,
	"inspectors" text[] NOT NULL,
	"summary" text NOT NULL,
	"corrective_order" text,
	"batch" integer,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_results_task_code_credit_code_item_code_pk" PRIMARY KEY("task_code","credit_code","item_code")
);
--> statement-breakpoint
CREATE TABLE "results_batches" (
	"task_code" text NOT NULL,
	"batch" integer NOT NULL,
	"envelope" text NOT NULL,
	"record_hash" text NOT NULL,
	"result_count" integer NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "results_batches_task_code_batch_pk" PRIMARY KEY("task_code","batch"),
	CONSTRAINT "results_batches_record_hash_unique" UNIQUE("record_hash"),
	CONSTRAINT "results_batches_batch_positive" CHECK ("results_batches"."batch" >= 1)
);
--> statement-breakpoint
CREATE TABLE "exit_notices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exit_notices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"list" text NOT NULL,
	"credit_code" text NOT NULL,
	"edition_id" integer NOT NULL,
	"entry_date" date NOT NULL,
	"exit_date" date NOT NULL,
	"cause" text NOT NULL,
	"repair_decision" text,
	"envelope" text NOT NULL,
	"record_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exit_notices_record_hash_unique" UNIQUE("record_hash"),
	CONSTRAINT "exit_notices_entry" UNIQUE("list","credit_code","entry_date"),
	CONSTRAINT "exit_notices_cause_known" CHECK ("exit_notices"."cause" in ('expiry', 'credit_repair')),
	CONSTRAINT "exit_notices_repair_has_decision" CHECK ("exit_notices"."cause" <> 'credit_repair' or "exit_notices"."repair_decision" is not null)
);
--> statement-breakpoint
CREATE TABLE "list_editions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "list_editions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"list" text NOT NULL,
	"criteria_key" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"status" text DEFAULT 'candidate' NOT NULL,
	"envelope" text,
	"record_hash" text,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "list_editions_code_unique" UNIQUE("code"),
	CONSTRAINT "list_editions_record_hash_unique" UNIQUE("record_hash"),
	CONSTRAINT "list_editions_list_known" CHECK ("list_editions"."list" in ('red', 'black')),
	CONSTRAINT "list_editions_status_known" CHECK ("list_editions"."status" in ('candidate', 'published')),
	CONSTRAINT "list_editions_published_complete" CHECK ("list_editions"."status" = 'candidate' or ("list_editions"."envelope" is not null and "list_editions"."record_hash" is not null)),
	CONSTRAINT "list_editions_period_ordered" CHECK ("list_editions"."period_from" <= "list_editions"."period_to")
);
--> statement-breakpoint
CREATE TABLE "list_entries" (
	"edition_id" integer NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"entity_type" text NOT NULL,
	"reason" text NOT NULL,
	"legal_basis" text NOT NULL,
	"entry_date" date NOT NULL,
	"expiry" date NOT NULL,
	"removed_reason" text,
	"removed_at" timestamp with time zone,
	"removed_by_token" bigint,
	CONSTRAINT "list_entries_edition_id_credit_code_pk" PRIMARY KEY("edition_id","credit_code")
);
--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results_batches" ADD CONSTRAINT "results_batches_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_notices" ADD CONSTRAINT "exit_notices_edition_id_list_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."list_editions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_entries" ADD CONSTRAINT "list_entries_edition_id_list_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."list_editions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_results_code_idx" ON "inspection_results" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "inspection_results_unpublished_idx" ON "inspection_results" USING btree ("due_date") WHERE "inspection_results"."batch" is null;--> statement-breakpoint
CREATE INDEX "exit_notices_code_idx" ON "exit_notices" USING btree ("credit_code");