CREATE TABLE "log_leaves" (
	"leaf_index" integer PRIMARY KEY NOT NULL,
	"record_hash" text NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"appended_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "log_leaves_record_hash_unique" UNIQUE("record_hash"),
	CONSTRAINT "log_leaves_index_non_negative" CHECK ("log_leaves"."leaf_index" >= 0),
	CONSTRAINT "log_leaves_hash_is_sha256" CHECK ("log_leaves"."record_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "log_leaves_kind_known" CHECK ("log_leaves"."kind" in ('draw_commitment', 'draw_record', 'results_batch', 'list_edition', 'exit_notice', 'scoring_model', 'policy'))
);
--> statement-breakpoint
CREATE TABLE "log_nodes" (
	"level" smallint NOT NULL,
	"position" integer NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "log_nodes_level_position_pk" PRIMARY KEY("level","position"),
	CONSTRAINT "log_nodes_level_range" CHECK ("log_nodes"."level" between 0 and 62),
	CONSTRAINT "log_nodes_position_non_negative" CHECK ("log_nodes"."position" >= 0),
	CONSTRAINT "log_nodes_hash_is_sha256" CHECK ("log_nodes"."hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "log_tree_heads" (
	"tree_size" integer PRIMARY KEY NOT NULL,
	"root_hash" text NOT NULL,
	"timestamp" bigint NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL,
	CONSTRAINT "log_tree_heads_size_positive" CHECK ("log_tree_heads"."tree_size" >= 1),
	CONSTRAINT "log_tree_heads_root_is_sha256" CHECK ("log_tree_heads"."root_hash" ~ '^[0-9a-f]{64}$')
);
