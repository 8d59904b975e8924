CREATE TABLE "policy_adoptions" (
	"policy_id" integer PRIMARY KEY NOT NULL,
	"derivation" jsonb NOT NULL,
	"basis" jsonb NOT NULL,
	"derivation_hash" text NOT NULL,
	"envelope" text NOT NULL,
	"record_hash" text NOT NULL,
	"leaf_index" integer NOT NULL,
	"adopted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_adoptions_record_hash_unique" UNIQUE("record_hash")
);
--> statement-breakpoint
ALTER TABLE "policy_adoptions" ADD CONSTRAINT "policy_adoptions_policy_id_sampling_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sampling_policies"("id") ON DELETE no action ON UPDATE no action;