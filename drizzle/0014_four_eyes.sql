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
ALTER TABLE "sampling_policies" ADD COLUMN "adopted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD COLUMN "approved_by" jsonb;--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD COLUMN "four_eyes" boolean;--> statement-breakpoint
ALTER TABLE "activity_log" ADD COLUMN "section" text DEFAULT 'changes' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "approvals_one_pending" ON "approvals" USING btree ("kind","subject") WHERE "approvals"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "approvals_status_idx" ON "approvals" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "activity_log_section_idx" ON "activity_log" USING btree ("section","id");--> statement-breakpoint
ALTER TABLE "sampling_policies" ADD CONSTRAINT "sampling_policies_adoption_complete" CHECK (("sampling_policies"."adopted_at" is null) = ("sampling_policies"."approved_by" is null) and ("sampling_policies"."adopted_at" is null) = ("sampling_policies"."four_eyes" is null));--> statement-breakpoint
ALTER TABLE "activity_log" ADD CONSTRAINT "activity_log_section_known" CHECK ("activity_log"."section" in ('changes', 'security'));--> statement-breakpoint
ALTER TABLE "activity_log" ADD CONSTRAINT "activity_log_actor_kind_known" CHECK ("activity_log"."actor_kind" in ('user', 'token', 'enterprise', 'system', 'anonymous', 'cli'));--> statement-breakpoint
-- Versions adopted from a derivation before four eyes existed were adopted by one admin, whose name was not kept.
UPDATE "sampling_policies" SET "adopted_at" = "policy_adoptions"."adopted_at", "approved_by" = '[]'::jsonb, "four_eyes" = false FROM "policy_adoptions" WHERE "policy_adoptions"."policy_id" = "sampling_policies"."id";
