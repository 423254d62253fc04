// The house rules that keep the layers apart, checked by reading the source files:
//   1. src/domain imports no platform, storage, queue, logging or I/O library, and nothing outside
//      src/domain through relative paths;
//   2. only src/config reads process.env;
//   3. botbuilder (archived upstream) stays inside the Teams adapter and the Notifier's Teams sender;
//   4. the layer matrix: each folder of src/ imports only the folders of src/ its row names, the
//      inner layers only the packages their row names, and a platform, storage or queue package
//      only where it belongs. A folder without a row fails, so a new layer is placed on purpose.
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

// ---------------------------------------------------------------------------------------------
// The layer matrix

/** A folder of src/ (adapters/ and infrastructure/ by subfolder), or a file at the top of src/. */
type Layer =
  | "domain"
  | "grammar"
  | "views"
  | "application"
  | "adapters"
  | "adapters/slack"
  | "adapters/teams"
  | "infrastructure/prisma"
  | "infrastructure/notify"
  | "infrastructure/queue"
  | "infrastructure/metrics"
  | "infrastructure/archive"
  | "config"
  | "http"
  | "playground"
  | "composition"
  | "generated"
  | "logger.ts"
  | "main.ts"
  | "worker.ts"
  | "admin-cli.ts";

interface LayerRule {
  /** The other layers it may import (a layer may always import itself). */
  layers: readonly Layer[];
  /** When given, the only packages it may import ("node:*" for every built-in); otherwise any but the confined ones below. */
  packages?: readonly string[];
}

const INFRASTRUCTURE: readonly Layer[] = [
  "infrastructure/prisma",
  "infrastructure/notify",
  "infrastructure/queue",
  "infrastructure/metrics",
  "infrastructure/archive",
];

// Bottom to top. Inner layers (domain, grammar, views, application, config) are pure or nearly:
// their packages are listed. Infrastructure implements the domain's ports; its queue also runs
// the worker's jobs through application's entry points, as the chat adapters run commands.
const LAYER_MATRIX: Readonly<Record<Layer, LayerRule>> = {
  domain: { layers: [], packages: ["zod", "luxon", "date-holidays"] },
  grammar: { layers: ["domain"], packages: ["zod"] },
  views: { layers: ["domain"], packages: ["zod"] },
  application: { layers: ["domain", "grammar", "views"], packages: ["pino", "node:crypto"] },
  config: { layers: [], packages: ["zod", "luxon", "node:*"] },
  "logger.ts": { layers: ["config"], packages: ["pino"] },
  generated: { layers: [] },
  "infrastructure/prisma": { layers: ["domain", "config", "generated", ...INFRASTRUCTURE] },
  "infrastructure/notify": { layers: ["domain", "config", "generated", ...INFRASTRUCTURE] },
  "infrastructure/queue": { layers: ["domain", "application", "config", "generated", ...INFRASTRUCTURE] },
  "infrastructure/metrics": { layers: ["domain", "config", ...INFRASTRUCTURE] },
  "infrastructure/archive": { layers: ["domain", "config", ...INFRASTRUCTURE] },
  http: { layers: ["config", "logger.ts"] },
  adapters: { layers: ["application", "grammar", "views", "domain"] },
  "adapters/slack": {
    layers: ["adapters", "application", "grammar", "views", "domain", "config", "infrastructure/notify", "infrastructure/prisma"],
  },
  "adapters/teams": {
    layers: ["adapters", "application", "grammar", "views", "domain", "config", "infrastructure/notify", "infrastructure/prisma", "generated"],
  },
  playground: {
    layers: ["adapters/teams", "adapters/slack", "application", "grammar", "views", "domain", "config", "infrastructure/prisma", "infrastructure/queue", "generated"],
  },
  composition: {
    layers: ["adapters", "adapters/slack", "adapters/teams", "application", "grammar", "views", "domain", "config", "http", "playground", "generated", "logger.ts", ...INFRASTRUCTURE],
  },
  "worker.ts": {
    layers: ["composition", "application", "domain", "config", "http", "generated", "logger.ts", ...INFRASTRUCTURE],
  },
  // The operator's command line: registers the first access-team member straight into Postgres.
  "admin-cli.ts": { layers: ["domain", "config", "infrastructure/prisma"] },
  "main.ts": {
    layers: ["composition", "adapters", "adapters/slack", "adapters/teams", "application", "grammar", "views", "domain", "config", "http", "playground", "generated", "logger.ts", "worker.ts", ...INFRASTRUCTURE],
  },
};

/** Packages that belong to one concern, and the layers where that concern lives. */
const CONFINED_PACKAGES: ReadonlyArray<{ label: string; test: (specifier: string) => boolean; layers: readonly Layer[] }> = [
  { label: "@slack/*", test: (s) => s.startsWith("@slack/"), layers: ["adapters/slack", "infrastructure/notify"] },
  { label: "botbuilder*", test: isBotFramework, layers: ["adapters/teams", "infrastructure/notify"] },
  { label: "@prisma/* and pg", test: (s) => s.startsWith("@prisma/") || packageIs("pg")(s), layers: ["infrastructure/prisma", "generated"] },
  {
    label: "bullmq and ioredis",
    test: (s) => packageIs("bullmq")(s) || packageIs("ioredis")(s),
    layers: ["infrastructure/queue", "infrastructure/metrics", "http", "composition", "worker.ts", "main.ts"],
  },
];

const LAYERS = Object.keys(LAYER_MATRIX) as Layer[];
const isLayer = (name: string): name is Layer => (LAYERS as string[]).includes(name);

/** The layer a path under src/ belongs to, or null when the matrix has no row for it. */
function layerOf(file: string): Layer | null {
  const parts = path.relative(SRC, file).split(path.sep);
  const [top, sub] = parts;
  if (top === undefined || top.startsWith("..")) return null;
  if (parts.length === 1) {
    // An import names the compiled file ("./logger.js"); the layer is the source file.
    const name = top.replace(/\.(c|m)?js$/, ".ts");
    return isLayer(name) ? name : null;
  }
  if ((top === "adapters" || top === "infrastructure") && parts.length > 2) {
    const name = `${top}/${sub ?? ""}`;
    return isLayer(name) ? name : null;
  }
  return isLayer(top) ? top : null;
}

function packageName(specifier: string): string {
  if (specifier.startsWith("node:")) return "node:*";
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

function packageAllowed(rule: LayerRule, specifier: string): boolean {
  if (rule.packages === undefined) return true;
  const name = packageName(specifier);
  return rule.packages.includes(name) || rule.packages.includes(specifier);
}

/** Checks one file's source against its layer's row; `file` is its absolute path under src/ (it need not exist). */
function layerViolations(file: string, source: string): Violation[] {
  const from = layerOf(file);
  if (from === null) {
    return [{ file, line: 1, detail: `is in a folder the layer matrix has no row for (add it to LAYER_MATRIX in ${path.relative(ROOT, fileURLToPath(import.meta.url))})` }];
  }
  const rule = LAYER_MATRIX[from];
  const violations: Violation[] = [];
  for (const { specifier, line } of importsOf(source)) {
    if (isRelative(specifier) || path.isAbsolute(specifier)) {
      const target = path.resolve(path.dirname(file), specifier);
      const to = isInside(SRC, target) ? layerOf(target) : null;
      if (to === null) {
        violations.push({ file, line, detail: `imports "${specifier}", which is in no layer of src/` });
      } else if (to !== from && !rule.layers.includes(to)) {
        violations.push({ file, line, detail: `imports "${specifier}": ${from} may not import ${to} (it may import ${rule.layers.join(", ") || "nothing else in src/"})` });
      }
      continue;
    }
    const confined = CONFINED_PACKAGES.find((c) => c.test(specifier));
    if (confined !== undefined && !confined.layers.includes(from)) {
      violations.push({ file, line, detail: `imports "${specifier}": ${confined.label} belongs in ${confined.layers.join(", ")}` });
    } else if (!packageAllowed(rule, specifier)) {
      violations.push({ file, line, detail: `imports "${specifier}": ${from} may import only ${(rule.packages ?? []).join(", ")}` });
    }
  }
  return violations;
}

describe("the layer matrix's scanner (so the matrix below can fail)", () => {
  const at = (...parts: string[]) => path.join(SRC, ...parts);

  it("places files in their layers, and new folders in none", () => {
    expect(layerOf(at("grammar", "case-commands.ts"))).toBe("grammar");
    expect(layerOf(at("domain", "plan", "plan-progress.ts"))).toBe("domain");
    expect(layerOf(at("adapters", "refused-requests.ts"))).toBe("adapters");
    expect(layerOf(at("adapters", "slack", "slack-app.ts"))).toBe("adapters/slack");
    expect(layerOf(at("infrastructure", "queue", "reconciler.ts"))).toBe("infrastructure/queue");
    expect(layerOf(at("main.ts"))).toBe("main.ts");
    expect(layerOf(at("logger.js"))).toBe("logger.ts");
    expect(layerOf(at("infrastructure", "cache", "redis-cache.ts"))).toBeNull();
    expect(layerOf(at("helpers", "misc.ts"))).toBeNull();
    expect(layerViolations(at("helpers", "misc.ts"), "")[0]?.detail).toContain("no row");
  });

  it("refuses imports that climb a layer or cross to a sibling, and allows those the row names", () => {
    const grammar = at("grammar", "case-commands.ts");
    const sample = [
      'import { DomainError } from "../domain/errors.js";',
      'import { takeRef } from "./readers.js";',
      'import { CommandRunner } from "../application/command-runner.js";',
      'import { mountSlack } from "../adapters/slack/slack-app.js";',
      'import { createServices } from "../composition/services.js";',
    ].join("\n");
    expect(layerViolations(grammar, sample).map((v) => v.line)).toEqual([3, 4, 5]);
    expect(report(layerViolations(grammar, sample))).toContain("grammar may not import application");

    const slack = at("adapters", "slack", "vote-actions.ts");
    const crossing = [
      'import { runCardAction } from "../teams/card-actions.js";',
      'import type { Services } from "../../composition/services.js";',
      'import { errorView } from "../../application/command-runner.js";',
      'import { auditRefusals } from "../refused-requests.js";',
    ].join("\n");
    expect(layerViolations(slack, crossing).map((v) => v.line)).toEqual([1, 2]);

    const prisma = at("infrastructure", "prisma", "prisma-case-repository.ts");
    const upward = ['import { executeCommand } from "../../application/execute-command.js";', 'import { renderView } from "../../adapters/slack/render-blocks.js";'].join("\n");
    expect(layerViolations(prisma, upward).map((v) => v.line)).toEqual([1, 2]);
  });

  it("keeps the inner layers to their packages and the platform packages to their homes", () => {
    expect(layerViolations(at("grammar", "dates.ts"), 'import { DateTime } from "luxon";').length).toBe(1);
    expect(layerViolations(at("views", "card.ts"), 'import { z } from "zod";\nimport { App } from "@slack/bolt";').map((v) => v.line)).toEqual([2]);
    expect(layerViolations(at("application", "command-runner.ts"), 'import { randomUUID } from "node:crypto";\nimport fs from "node:fs";').map((v) => v.line)).toEqual([2]);
    expect(layerViolations(at("adapters", "teams", "teams-bot.ts"), 'import { WebClient } from "@slack/web-api";').length).toBe(1);
    expect(layerViolations(at("adapters", "slack", "slack-app.ts"), 'import { Queue } from "bullmq";').length).toBe(1);
    expect(layerViolations(at("adapters", "teams", "conversation-references.ts"), 'import pg from "pg";').length).toBe(1);
    expect(layerViolations(at("adapters", "slack", "slack-app.ts"), 'import express from "express";\nimport { App } from "@slack/bolt";')).toEqual([]);
  });
});

describe("layer matrix", () => {
  const srcFiles = tsFilesUnder(SRC);

  it("has a row for every folder of src/", () => {
    const unplaced = [...new Set(srcFiles.filter((file) => layerOf(file) === null).map((file) => path.relative(SRC, path.dirname(file))))];
    expect(unplaced, "folders of src/ without a row in LAYER_MATRIX").toEqual([]);
  });

  it("every file imports only what its layer's row allows", () => {
    const violations = srcFiles.flatMap((file) => layerViolations(file, readFileSync(file, "utf8")));
    expect(violations, `Imports the layer matrix forbids:\n${report(violations)}`).toEqual([]);
  });
});
