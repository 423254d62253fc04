-- The audit trail is append-only in the database itself, whoever connects: UPDATE, DELETE and
-- TRUNCATE on audit_events raise. Written idempotently, as databases set up before this migration
-- already have these objects (start-up code used to create them).
-- Prisma's JavaScript driver adapter splits a migration script at every semicolon, quoted or
-- not, so the function body is an escape string whose one semicolon is written \073.
CREATE OR REPLACE FUNCTION leadbot_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''audit_events is append-only: % is not allowed'', TG_OP USING ERRCODE = ''insufficient_privilege''\073 END';

DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION leadbot_audit_append_only();

DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION leadbot_audit_append_only();
