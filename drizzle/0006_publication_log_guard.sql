-- The publication log is append-only: the database itself refuses to change or remove a
-- leaf, a stored subtree or a signed tree head, whatever the code does. Statement-level
-- triggers fire even when no row matches, so an attempt is always an error.
CREATE FUNCTION suiji_refuse_log_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the publication log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER log_leaves_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON log_leaves
  FOR EACH STATEMENT EXECUTE FUNCTION suiji_refuse_log_change();
--> statement-breakpoint
CREATE TRIGGER log_nodes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON log_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION suiji_refuse_log_change();
--> statement-breakpoint
CREATE TRIGGER log_tree_heads_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON log_tree_heads
  FOR EACH STATEMENT EXECUTE FUNCTION suiji_refuse_log_change();
