-- draw/v1.1 (issue 11): a task's entropy source becomes data with a time. A task planned
-- before keeps its free text as a JSON string (it must be re-planned with a scheduled source
-- before it can be frozen; tasks already frozen or drawn keep their published commitments).
ALTER TABLE "inspection_tasks" ALTER COLUMN "entropy_source" SET DATA TYPE jsonb USING to_jsonb("entropy_source");--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD COLUMN "entropy_notice" integer;
