// Runs before every test file: copies the run's migrated template database into one of the
// file's own (CREATE DATABASE … TEMPLATE takes tens of milliseconds), so test files never share
// rows such as the deployment settings. Tests reach it through testDatabaseUrl().
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

const template = new URL(inject("databaseUrl"));
const templateName = decodeURIComponent(template.pathname.slice(1));
const copyName = `${templateName}_f${randomBytes(4).toString("hex")}`;

const admin = new URL(template);
admin.pathname = "/postgres";
const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
try {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(copyName)} TEMPLATE ${client.escapeIdentifier(templateName)}`);
      break;
    } catch (error) {
      // 55006: the template is briefly in use by another file's copy; try again shortly.
      if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
} finally {
  await client.end();
}

const copy = new URL(template);
copy.pathname = `/${copyName}`;
process.env.LEADBOT_TEST_DATABASE_URL = copy.toString();
