// Prisma CLI configuration. The project runs Prisma fully in JavaScript (no downloaded Rust
// engines): the wasm schema engine talks to Postgres through the pg driver adapter.
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The wasm schema engine cannot decode pg_catalog columns of type `name` (OID 19) and `"char"`
// (OID 18) (prisma/orm#27403). Presenting them as `text` (OID 25) lets introspection and
// migrations run; it only affects the CLI process that loads this file.
const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;
const resultProto = (pg as unknown as { Result: { prototype: { addFields(fields: { dataTypeID: number }[]): void } } })
  .Result.prototype;
const originalAddFields = resultProto.addFields;
resultProto.addFields = function addFields(fields) {
  for (const field of fields) {
    if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return originalAddFields.call(this, fields);
};

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/leadbot";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaPg({ connectionString: databaseUrl });
  },
});
