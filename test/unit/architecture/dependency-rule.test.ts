// The house rules that keep the layers apart, checked by reading the source files:
//   1. src/domain imports no platform, storage, queue, logging or I/O library, and nothing outside
//      src/domain through relative paths;
//   2. only src/config reads process.env;
//   3. botbuilder (archived upstream) stays inside the Teams adapter and the Notifier's Teams sender.
// Imports are found with TypeScript's own pre-processor, so comments and strings never count.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SRC = path.join(ROOT, "src");
const DOMAIN = path.join(SRC, "domain");

interface ImportRef {
  specifier: string;
  line: number;
}

interface Violation {
  file: string;
  line: number;
  detail: string;
}

function tsFilesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return name === "generated" || name === "node_modules" ? [] : tsFilesUnder(full);
      return /\.(c|m)?tsx?$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
    })
    .sort();
}

/** Static imports, `export … from`, `import type`, dynamic `import()` and `require()`. */
function importsOf(source: string): ImportRef[] {
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles.map((ref) => ({
    specifier: ref.fileName,
    line: source.slice(0, ref.pos).split("\n").length,
  }));
}

/** Lines that read the environment: process.env, process["env"], or `env` taken from node:process. */
function envReadsOf(source: string, fileName = "sample.ts"): number[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const lineOf = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const isProcess = (node: ts.Node) => ts.isIdentifier(node) && node.text === "process";
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isProcess(node.expression) && node.name.text === "env") {
      lines.push(lineOf(node));
    } else if (
      ts.isElementAccessExpression(node) &&
      isProcess(node.expression) &&
      ts.isStringLiteralLike(node.argumentExpression) &&
      node.argumentExpression.text === "env"
    ) {
      lines.push(lineOf(node));
    } else if (
      // const { env } = process
      ts.isVariableDeclaration(node) &&
      node.initializer !== undefined &&
      isProcess(node.initializer) &&
      ts.isObjectBindingPattern(node.name) &&
      node.name.elements.some((el) => ((el.propertyName ?? el.name) as ts.Identifier).text === "env")
    ) {
      lines.push(lineOf(node));
    } else if (
      // import { env } from "node:process"
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      ["process", "node:process"].includes(node.moduleSpecifier.text) &&
      node.importClause?.namedBindings !== undefined &&
      ts.isNamedImports(node.importClause.namedBindings) &&
      node.importClause.namedBindings.elements.some((el) => (el.propertyName ?? el.name).text === "env")
    ) {
      lines.push(lineOf(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
}

/** Packages the domain must never import (a subpath such as "pino/file" counts as the package). */
/** Pure libraries the domain may use: no I/O, no platform. */
const DOMAIN_LIBRARIES: ReadonlySet<string> = new Set(["zod", "luxon", "date-holidays"]);

const DOMAIN_FORBIDDEN: ReadonlyArray<{ label: string; test: (specifier: string) => boolean }> = [
  { label: "@slack/*", test: (s) => s.startsWith("@slack/") },
  { label: "botbuilder*", test: (s) => s.startsWith("botbuilder") || s.startsWith("botframework-") },
  { label: "@prisma/*", test: (s) => s.startsWith("@prisma/") },
  ...["prisma", "bullmq", "ioredis", "pino", "express", "pg"].map((pkg) => ({ label: pkg, test: packageIs(pkg) })),
  ...["http", "fs"].map((mod) => ({ label: `node:${mod}`, test: builtinIs(mod) })),
  // Beyond the named ones: anything that is not one of the pure libraries the rules are built on
  // (validation, dates and time zones, public holidays): no network, process, file or timer I/O.
  { label: "any package but zod, luxon and date-holidays", test: (s) => !isRelative(s) && !path.isAbsolute(s) && !DOMAIN_LIBRARIES.has(s) },
];

function packageIs(pkg: string) {
  return (s: string) => s === pkg || s.startsWith(`${pkg}/`);
}

/** "node:fs", "fs", "node:fs/promises" and "fs/promises" are the same module. */
function builtinIs(mod: string) {
  return (s: string) => packageIs(mod)(s.replace(/^node:/, ""));
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..";
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Checks one domain file's source; `file` is its absolute path (it need not exist). */
function domainViolations(file: string, source: string): Violation[] {
  const violations: Violation[] = [];
  for (const { specifier, line } of importsOf(source)) {
    const forbidden = DOMAIN_FORBIDDEN.find((rule) => rule.test(specifier));
    if (forbidden !== undefined) {
      violations.push({ file, line, detail: `imports "${specifier}" (the domain may not import ${forbidden.label})` });
    } else if (isRelative(specifier) || path.isAbsolute(specifier)) {
      const target = path.resolve(path.dirname(file), specifier);
      if (!isInside(DOMAIN, target)) {
        violations.push({ file, line, detail: `imports "${specifier}", which is outside src/domain` });
      }
    }
  }
  return violations;
}

const isBotFramework = (specifier: string) => specifier.startsWith("botbuilder") || specifier.startsWith("botframework-");

/** botbuilder lives in src/adapters/teams/ and the Notifier's Teams sender (src/infrastructure/notify/*teams*). */
function botbuilderAllowedIn(file: string): boolean {
  if (isInside(path.join(SRC, "adapters", "teams"), file)) return true;
  const notify = path.join(SRC, "infrastructure", "notify");
  return isInside(notify, file) && /teams/i.test(path.relative(notify, file));
}

function report(violations: Violation[]): string {
  return violations.map((v) => `${path.relative(ROOT, v.file)}:${v.line} ${v.detail}`).join("\n");
}

describe("the scanner itself (so the rules below can fail)", () => {
  const sampleFile = path.join(DOMAIN, "case", "sample.ts");

  it("finds forbidden packages in every import form", () => {
    const sample = [
      'import { z } from "zod";',
      'import { App } from "@slack/bolt";',
      'import type { Logger } from "pino";',
      'export { Queue } from "bullmq";',
      'import "node:fs/promises";',
      "const pg = await import('pg');",
      'const { PrismaClient } = require("@prisma/client");',
      'import { CloudAdapter } from "botbuilder";',
      'import http from "node:http";',
    ].join("\n");
    const found = domainViolations(sampleFile, sample);
    expect(found.map((v) => v.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(report(found)).toContain('src/domain/case/sample.ts:2 imports "@slack/bolt"');
  });

  it("finds relative imports that leave src/domain and allows those that stay", () => {
    const sample = [
      'import { DomainError } from "../errors.js";',
      'import { tally } from "./vote-tally.js";',
      'import { parse } from "../../adapters/command-text.js";',
      'import { loadConfig } from "../../config/env.js";',
    ].join("\n");
    expect(domainViolations(sampleFile, sample).map((v) => v.line)).toEqual([3, 4]);
  });

  it("ignores look-alikes in comments and strings, and does not mistake a package that only shares a prefix", () => {
    const sample = [
      '// we never import from "pino" here',
      'const help = "import { App } from \'@slack/bolt\'";',
      'import { x } from "pino-like-but-not";',
      'import { y } from "expressive";',
    ].join("\n");
    const found = domainViolations(sampleFile, sample);
    expect(found.map((v) => v.line)).toEqual([3, 4]);
    expect(found.every((v) => v.detail.includes("any package but zod, luxon and date-holidays"))).toBe(true);
  });

  it("allows only the pure libraries, and refuses every other package and built-in", () => {
    const allowed = ['import { z } from "zod";', 'import { DateTime } from "luxon";', 'import Holidays from "date-holidays";'].join("\n");
    expect(domainViolations(sampleFile, allowed)).toEqual([]);
    const refused = [
      'import https from "node:https";',
      'import { spawn } from "node:child_process";',
      'import net from "net";',
      'import { fetch } from "undici";',
      'import { Counter } from "prom-client";',
      'import { setTimeout } from "node:timers/promises";',
    ].join("\n");
    expect(domainViolations(sampleFile, refused).map((v) => v.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("finds every way of reading the environment", () => {
    const sample = [
      "const a = process.env.PORT;",
      'const b = process["env"];',
      "const { env } = process;",
      'import { env as e } from "node:process";',
      "// process.env in a comment is fine",
      'const s = "process.env";',
    ].join("\n");
    expect(envReadsOf(sample)).toEqual([1, 2, 3, 4]);
  });

  it("knows where botbuilder may live", () => {
    expect(botbuilderAllowedIn(path.join(SRC, "adapters", "teams", "teams-bot.ts"))).toBe(true);
    expect(botbuilderAllowedIn(path.join(SRC, "infrastructure", "notify", "teams-sender.ts"))).toBe(true);
    expect(botbuilderAllowedIn(path.join(SRC, "infrastructure", "notify", "slack-sender.ts"))).toBe(false);
    expect(botbuilderAllowedIn(path.join(SRC, "adapters", "slack", "app.ts"))).toBe(false);
    expect(botbuilderAllowedIn(path.join(SRC, "main.ts"))).toBe(false);
  });
});

describe("dependency rule", () => {
  const domainFiles = tsFilesUnder(DOMAIN);
  const srcFiles = tsFilesUnder(SRC);

  it("scans real files", () => {
    expect(domainFiles.length).toBeGreaterThan(0);
    expect(srcFiles.length).toBeGreaterThan(domainFiles.length);
  });

  it("src/domain imports no platform, storage, queue, logging or I/O library, and nothing outside itself", () => {
    const violations = domainFiles.flatMap((file) => domainViolations(file, readFileSync(file, "utf8")));
    expect(violations, `Forbidden imports in src/domain:\n${report(violations)}`).toEqual([]);
  });

  it("only src/config reads process.env", () => {
    const config = path.join(SRC, "config");
    const violations = srcFiles
      .filter((file) => !isInside(config, file))
      .flatMap((file) =>
        envReadsOf(readFileSync(file, "utf8"), file).map((line) => ({
          file,
          line,
          detail: "reads process.env (add the variable to src/config/env.ts and pass the config in)",
        })),
      );
    expect(violations, `process.env read outside src/config:\n${report(violations)}`).toEqual([]);
  });

  it("botbuilder is imported only in src/adapters/teams/ and the Notifier's Teams sender", () => {
    const violations = srcFiles
      .filter((file) => !botbuilderAllowedIn(file))
      .flatMap((file) =>
        importsOf(readFileSync(file, "utf8"))
          .filter((ref) => isBotFramework(ref.specifier))
          .map(({ specifier, line }) => ({
            file,
            line,
            detail: `imports "${specifier}" (keep botbuilder in src/adapters/teams/ or src/infrastructure/notify/*teams*)`,
          })),
      );
    expect(violations, `botbuilder outside its folders:\n${report(violations)}`).toEqual([]);
  });
});
