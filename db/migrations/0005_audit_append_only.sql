-- Audit records are append-only: the application has no update or delete path, and the database
-- refuses one too. The only write after the insert is sealing the record's hash, once, through
-- audit_log_seal() (the hash needs the id the insert gave).
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash = '' AND current_setting('pingxuan.sealing', true) = 'on'
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
     AND NEW.subject_id = OLD.subject_id AND NEW.prev_hash = OLD.prev_hash
     AND NEW.before IS NOT DISTINCT FROM OLD.before AND NEW.after IS NOT DISTINCT FROM OLD.after
     AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_seal(record_id bigint, record_hash text) RETURNS void AS $$
BEGIN
  PERFORM set_config('pingxuan.sealing', 'on', true);
  UPDATE audit_log SET hash = record_hash WHERE id = record_id AND hash = '';
  PERFORM set_config('pingxuan.sealing', 'off', true);
END;
$$ LANGUAGE plpgsql;
