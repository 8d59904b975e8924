CREATE TABLE "annual_plans" (
	"year" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"rounds_per_year" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "annual_plans_rounds_positive" CHECK ("annual_plans"."rounds_per_year" >= 1)
);
--> statement-breakpoint
CREATE TABLE "draw_receipts" (
	"task_code" text NOT NULL,
	"credit_code" text NOT NULL,
	"selected" boolean NOT NULL,
	"receipt" text NOT NULL,
	"receipt_code_hash" text NOT NULL,
	CONSTRAINT "draw_receipts_task_code_credit_code_pk" PRIMARY KEY("task_code","credit_code")
);
--> statement-breakpoint
CREATE TABLE "draw_records" (
	"task_code" text PRIMARY KEY NOT NULL,
	"public_envelope" text NOT NULL,
	"audit_envelope" text NOT NULL,
	"public_record_hash" text NOT NULL,
	"selected_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_items" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"legal_basis" text NOT NULL,
	"department" text NOT NULL,
	"category" text NOT NULL,
	"key_area" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_tasks" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"round" integer NOT NULL,
	"items" text[] NOT NULL,
	"departments" jsonb NOT NULL,
	"trigger" text NOT NULL,
	"evaluation_run_id" integer,
	"visibility" text NOT NULL,
	"qualification" text NOT NULL,
	"conditions" jsonb NOT NULL,
	"entropy_source" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"strata" jsonb,
	"exclusions" jsonb,
	"pool_root" text,
	"nonce" text,
	"nonce_commitment" text,
	"frozen_at" text,
	"drawn_at" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_tasks_status_known" CHECK ("inspection_tasks"."status" in ('planned', 'frozen', 'drawn')),
	CONSTRAINT "inspection_tasks_trigger_known" CHECK ("inspection_tasks"."trigger" in ('planned', 'complaint', 'referral', 'superior_assigned')),
	CONSTRAINT "inspection_tasks_visibility_known" CHECK ("inspection_tasks"."visibility" in ('open', 'sealed')),
	CONSTRAINT "inspection_tasks_round_positive" CHECK ("inspection_tasks"."round" >= 1),
	CONSTRAINT "inspection_tasks_frozen_complete" CHECK ("inspection_tasks"."status" = 'planned' or ("inspection_tasks"."pool_root" is not null and "inspection_tasks"."nonce" is not null and "inspection_tasks"."nonce_commitment" is not null and "inspection_tasks"."frozen_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "inspector_conflicts" (
	"badge" text NOT NULL,
	"credit_code" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "inspector_conflicts_badge_credit_code_pk" PRIMARY KEY("badge","credit_code")
);
--> statement-breakpoint
CREATE TABLE "inspectors" (
	"badge" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"department" text NOT NULL,
	"qualifications" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sampling_policies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sampling_policies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_code" text NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"tiers" jsonb NOT NULL,
	"untiered" jsonb,
	"annual_cap" integer NOT NULL,
	"override_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sampling_policies_item_year_version" UNIQUE("item_code","year","version"),
	CONSTRAINT "sampling_policies_version_positive" CHECK ("sampling_policies"."version" >= 1),
	CONSTRAINT "sampling_policies_cap_positive" CHECK ("sampling_policies"."annual_cap" >= 1)
);
--> statement-breakpoint
CREATE TABLE "task_pool_members" (
	"task_code" text NOT NULL,
	"credit_code" text NOT NULL,
	"stratum" text NOT NULL,
	"salt" text NOT NULL,
	CONSTRAINT "task_pool_members_task_code_credit_code_pk" PRIMARY KEY("task_code","credit_code")
);
--> statement-breakpoint
ALTER TABLE "draw_receipts" ADD CONSTRAINT "draw_receipts_task_code_draw_records_task_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."draw_records"("task_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_records" ADD CONSTRAINT "draw_records_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_year_annual_plans_year_fk" FOREIGN KEY ("year") REFERENCES "public"."annual_plans"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_conflicts" ADD CONSTRAINT "inspector_conflicts_badge_inspectors_badge_fk" FOREIGN KEY ("badge") REFERENCES "public"."inspectors"("badge") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD CONSTRAINT "sampling_policies_item_code_inspection_items_code_fk" FOREIGN KEY ("item_code") REFERENCES "public"."inspection_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_pool_members" ADD CONSTRAINT "task_pool_members_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "draw_receipts_selected_idx" ON "draw_receipts" USING btree ("credit_code") WHERE "draw_receipts"."selected";--> statement-breakpoint
CREATE INDEX "inspection_tasks_year_idx" ON "inspection_tasks" USING btree ("year","status");