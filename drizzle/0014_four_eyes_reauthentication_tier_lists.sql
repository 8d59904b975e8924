CREATE TABLE "tier_lists" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tier_lists_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"evaluation_run_id" integer NOT NULL,
	"as_of" date NOT NULL,
	"approved_by" text NOT NULL,
	"approved_by_role" text NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"reason" text,
	"counts" jsonb NOT NULL,
	"policies" jsonb NOT NULL,
	CONSTRAINT "tier_lists_year_version" UNIQUE("year","version"),
	CONSTRAINT "tier_lists_version_positive" CHECK ("tier_lists"."version" >= 1),
	CONSTRAINT "tier_lists_reason_after_first" CHECK ("tier_lists"."version" = 1 or coalesce(btrim("tier_lists"."reason"), '') <> '')
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "approvals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"payload" jsonb NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	CONSTRAINT "approvals_kind_known" CHECK ("approvals"."kind" in ('policy_adoption', 'list_publication')),
	CONSTRAINT "approvals_status_known" CHECK ("approvals"."status" in ('pending', 'approved', 'rejected', 'withdrawn')),
	CONSTRAINT "approvals_decided" CHECK (("approvals"."status" = 'pending') = ("approvals"."decided_by" is null)),
	CONSTRAINT "approvals_second_person" CHECK ("approvals"."status" <> 'approved' or "approvals"."decided_by" <> "approvals"."proposed_by")
);
--> statement-breakpoint
ALTER TABLE "activity_log" DROP CONSTRAINT "activity_log_actor_kind_known";--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD COLUMN "tier_list_version" integer;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD COLUMN "tier_list_override_reason" text;--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD COLUMN "adopted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD COLUMN "approved_by" jsonb;--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD COLUMN "four_eyes" boolean;--> statement-breakpoint
ALTER TABLE "activity_log" ADD COLUMN "section" text DEFAULT 'changes' NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "reauthenticated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tier_lists" ADD CONSTRAINT "tier_lists_evaluation_run_id_evaluation_runs_id_fk" FOREIGN KEY ("evaluation_run_id") REFERENCES "public"."evaluation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approvals_one_pending" ON "approvals" USING btree ("kind","subject") WHERE "approvals"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "approvals_status_idx" ON "approvals" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "activity_log_section_idx" ON "activity_log" USING btree ("section","id");--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD CONSTRAINT "sampling_policies_adoption_complete" CHECK (("sampling_policies"."adopted_at" is null) = ("sampling_policies"."approved_by" is null) and ("sampling_policies"."adopted_at" is null) = ("sampling_policies"."four_eyes" is null));--> statement-breakpoint
ALTER TABLE "activity_log" ADD CONSTRAINT "activity_log_section_known" CHECK ("activity_log"."section" in ('changes', 'security'));--> statement-breakpoint
ALTER TABLE "activity_log" ADD CONSTRAINT "activity_log_actor_kind_known" CHECK ("activity_log"."actor_kind" in ('user', 'token', 'enterprise', 'system', 'anonymous', 'cli'));--> statement-breakpoint
-- Versions adopted from a derivation before four eyes existed were adopted by one admin, whose name was not kept.
UPDATE "sampling_policies" SET "adopted_at" = "policy_adoptions"."adopted_at", "approved_by" = '[]'::jsonb, "four_eyes" = false FROM "policy_adoptions" WHERE "policy_adoptions"."policy_id" = "sampling_policies"."id";
