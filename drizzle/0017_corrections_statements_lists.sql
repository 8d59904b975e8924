CREATE TABLE "leniency_list_entries" (
	"code" text PRIMARY KEY NOT NULL,
	"list" text NOT NULL,
	"item" text NOT NULL,
	"legal_basis" text NOT NULL,
	"conditions" text NOT NULL,
	"first_violation" boolean DEFAULT false NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leniency_list_entries_list_known" CHECK ("leniency_list_entries"."list" in ('lighter', 'mitigated', 'exempt')),
	CONSTRAINT "leniency_list_entries_first_violation_exempt" CHECK (not "leniency_list_entries"."first_violation" or "leniency_list_entries"."list" = 'exempt')
);
--> statement-breakpoint
CREATE TABLE "result_corrections" (
	"number" integer PRIMARY KEY NOT NULL,
	"task_code" text NOT NULL,
	"credit_code" text NOT NULL,
	"item_code" text NOT NULL,
	"kind" text NOT NULL,
	"envelope" text NOT NULL,
	"record_hash" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "result_corrections_record_hash_unique" UNIQUE("record_hash"),
	CONSTRAINT "result_corrections_kind_known" CHECK ("result_corrections"."kind" in ('revocation', 'supplement', 'change')),
	CONSTRAINT "result_corrections_number_positive" CHECK ("result_corrections"."number" >= 1)
);
--> statement-breakpoint
CREATE TABLE "result_statements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "result_statements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_code" text NOT NULL,
	"credit_code" text NOT NULL,
	"item_code" text NOT NULL,
	"statement" text NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer" text,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	CONSTRAINT "result_statements_answered" CHECK (("result_statements"."answer" is null) = ("result_statements"."answered_by" is null) and ("result_statements"."answer" is null) = ("result_statements"."answered_at" is null))
);
--> statement-breakpoint
ALTER TABLE "log_leaves" DROP CONSTRAINT "log_leaves_kind_known";--> statement-breakpoint
ALTER TABLE "approvals" DROP CONSTRAINT "approvals_kind_known";--> statement-breakpoint
ALTER TABLE "result_corrections" ADD CONSTRAINT "result_corrections_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_statements" ADD CONSTRAINT "result_statements_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "result_corrections_result_idx" ON "result_corrections" USING btree ("task_code","credit_code","item_code");--> statement-breakpoint
CREATE INDEX "result_statements_code_idx" ON "result_statements" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "result_statements_open_idx" ON "result_statements" USING btree ("id") WHERE "result_statements"."answer" is null;--> statement-breakpoint
ALTER TABLE "log_leaves" ADD CONSTRAINT "log_leaves_kind_known" CHECK ("log_leaves"."kind" in ('draw_commitment', 'draw_record', 'results_batch', 'list_edition', 'exit_notice', 'scoring_model', 'policy', 'inspector_substitution', 'result_correction'));--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_kind_known" CHECK ("approvals"."kind" in ('policy_adoption', 'list_publication', 'result_correction'));