#!/bin/sh
# Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d): the two
# roles leadbot needs, and the database owned by the first.
#   leadbot_owner  owns the schema; only migrations (compose's `migrate` service) connect as it.
#   leadbot_app    what the bot and the workers run as: owns nothing, so it cannot ALTER, DROP,
#                  TRUNCATE or disable triggers; `npm run migrate` grants it rows, and on the
#                  audit trail only INSERT and SELECT.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$LEADBOT_OWNER_PASSWORD" -v app_password="$LEADBOT_APP_PASSWORD" <<'SQL'
CREATE ROLE leadbot_owner LOGIN PASSWORD :'owner_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE leadbot_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
CREATE DATABASE leadbot OWNER leadbot_owner;
REVOKE ALL ON DATABASE leadbot FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE leadbot TO leadbot_app;
SQL
