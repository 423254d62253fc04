// A fresh copy of the run's migrated template database (see global-setup.ts): CREATE DATABASE …
// TEMPLATE takes tens of milliseconds. Copies are named after the template, so the run's teardown
// drops every one of them.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** Creates a new database from the template and returns its URL. */
export async function copyTemplateDatabase(): Promise<string> {
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
  return copy.toString();
}
