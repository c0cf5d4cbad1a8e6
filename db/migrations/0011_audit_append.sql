-- One audit record in one statement: take the chain's lock, read the last hash, insert the record
-- with its hash. Writers hold the lock until their transaction ends, so the shorter the time from
-- taking it to COMMIT, the more audited changes a second (three round trips before, one now).
-- The caller sends the record's canonical JSON in two parts around its id, which only this
-- function knows: hash = SHA-256(previous hash, "\n", head || id || tail), the same formula the
-- verifier recomputes (app/modules/audit/chain.ts, docs/decisions/010-audit-chain.md).
CREATE OR REPLACE FUNCTION audit_append(
  p_at timestamptz, p_actor_id text, p_ip text, p_action text, p_subject_type text,
  p_subject_id text, p_edition_id integer, p_before jsonb, p_after jsonb, p_head text, p_tail text
) RETURNS bigint AS $$
DECLARE
  v_id bigint;
  v_prev text;
BEGIN
  PERFORM pg_advisory_xact_lock(7478232);
  -- A VOLATILE function's statements each read what was committed when they began: this one sees
  -- the record of the writer that held the lock before.
  SELECT hash INTO v_prev FROM audit_log ORDER BY id DESC LIMIT 1;
  v_prev := coalesce(v_prev, '');
  v_id := nextval('audit_log_id_seq');
  INSERT INTO audit_log (id, at, actor_id, ip, action, subject_type, subject_id, edition_id,
                         before, after, prev_hash, hash)
    OVERRIDING SYSTEM VALUE
    VALUES (v_id, p_at, p_actor_id, p_ip, p_action, p_subject_type, p_subject_id, p_edition_id,
            p_before, p_after, v_prev,
            encode(sha256(convert_to(v_prev || E'\n' || p_head || v_id::text || p_tail, 'UTF8')), 'hex'));
  RETURN v_id;
END;
$$ LANGUAGE plpgsql VOLATILE;
