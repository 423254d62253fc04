#!/usr/bin/env node
// Builds the Teams app package to sideload or upload: teams/manifest.json with its placeholders
// filled, plus the two icons, zipped flat (Teams wants the three files at the root of the zip).
//
//   npm run teams:package -- --app-id <MICROSOFT_APP_ID> --url https://leadbot.example.gov.uk
//   npm run teams:package -- --icons        # redraw teams/color.png and teams/outline.png
//
// Options fall back to the environment: MICROSOFT_APP_ID, LEADBOT_PUBLIC_URL, TEAMS_APP_VERSION.
// --out sets the zip's path (default dist/leadbot-teams.zip).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import JSZip from "jszip";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TEAMS = path.join(ROOT, "teams");
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------
// PNG, by hand: signature, IHDR, one IDAT of deflated RGBA scanlines, IEND.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** `pixel(x, y)` returns [r, g, b, a]. */
export function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0: none
    for (let x = 0; x < size; x++) row.set(pixel(x, y), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Width and height from a PNG's IHDR, or null when it is not a PNG. */
export function pngSize(buffer) {
  if (buffer.length < 24 || buffer.readUInt32BE(0) !== 0x89504e47 || buffer.toString("ascii", 12, 16) !== "IHDR") return null;
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

/**
 * The mark: a figure (head and shoulders) beside a bold "L" for lead, on a unit square.
 * Returns true where the mark is drawn; u, v run from 0 to 1.
 */
function mark(u, v) {
  const inRect = (x0, y0, x1, y1) => u >= x0 && u <= x1 && v >= y0 && v <= y1;
  const letterL = inRect(0.22, 0.2, 0.36, 0.8) || inRect(0.22, 0.66, 0.5, 0.8);
  const head = (u - 0.66) ** 2 + (v - 0.36) ** 2 <= 0.085 ** 2;
  const shoulders = v >= 0.5 && v <= 0.8 && (u - 0.66) ** 2 / 0.16 ** 2 + (v - 0.66) ** 2 / 0.14 ** 2 <= 1 && !(v > 0.8);
  return letterL || head || shoulders;
}

function drawIcons() {
  const teal = [0x1f, 0x6f, 0x8b, 0xff];
  const white = [0xff, 0xff, 0xff, 0xff];
  const clear = [0, 0, 0, 0];
  // 4×4 supersampling keeps the edges smooth at 192 px.
  const color = png(192, (x, y) => {
    let hits = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (mark((x + (i + 0.5) / 4) / 192, (y + (j + 0.5) / 4) / 192)) hits++;
    const a = hits / 16;
    return teal.map((c, k) => (k === 3 ? 0xff : Math.round(c * (1 - a) + white[k] * a)));
  });
  // Teams wants the outline icon white on transparent, 32×32.
  const outline = png(32, (x, y) => {
    let hits = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (mark((x + (i + 0.5) / 4) / 32, (y + (j + 0.5) / 4) / 32)) hits++;
    return hits === 0 ? clear : [0xff, 0xff, 0xff, Math.round((hits / 16) * 0xff)];
  });
  writeFileSync(path.join(TEAMS, "color.png"), color);
  writeFileSync(path.join(TEAMS, "outline.png"), outline);
  return { color: color.length, outline: outline.length };
}

// ---------------------------------------------------------------------------------------------
// Package

function option(args, name) {
  const i = args.indexOf(`--${name}`);
  if (i !== -1) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline ? inline.slice(name.length + 3) : undefined;
}

export async function buildPackage({ appId, url, version = "1.0.0", out }) {
  const problems = [];
  if (!appId || !GUID.test(appId)) problems.push("the Microsoft app id (--app-id or MICROSOFT_APP_ID) must be the bot's GUID");
  let publicUrl = null;
  try {
    publicUrl = new URL(url ?? "");
    if (publicUrl.protocol !== "https:") problems.push("the public URL (--url or LEADBOT_PUBLIC_URL) must be https");
  } catch {
    problems.push("the public URL (--url or LEADBOT_PUBLIC_URL) is missing or not a URL, e.g. https://leadbot.example.gov.uk");
  }
  if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push("the version must look like 1.0.0");
  if (problems.length) throw new Error(`Cannot build the Teams package:\n  - ${problems.join("\n  - ")}`);

  const base = publicUrl.toString().replace(/\/$/, "");
  const text = readFileSync(path.join(TEAMS, "manifest.json"), "utf8")
    .replaceAll("{{MICROSOFT_APP_ID}}", appId.toLowerCase())
    .replaceAll("{{LEADBOT_URL}}", base)
    .replaceAll("{{LEADBOT_DOMAIN}}", publicUrl.host)
    .replaceAll("{{VERSION}}", version);
  const left = text.match(/\{\{[A-Z_]+\}\}/g);
  if (left) throw new Error(`teams/manifest.json has placeholders nobody fills: ${[...new Set(left)].join(", ")}`);
  const manifest = JSON.parse(text);

  for (const list of manifest.bots?.flatMap((b) => b.commandLists ?? []) ?? []) {
    if (list.commands.length > 10) throw new Error("a bot command list holds at most 10 commands");
    for (const c of list.commands) {
      if (c.title.length > 32 || c.description.length > 128) throw new Error(`command "${c.title}" is too long for Teams (title 32, description 128)`);
    }
  }
  if (manifest.description.short.length > 80) throw new Error("description.short is longer than 80 characters");

  const icons = { color: readFileSync(path.join(TEAMS, manifest.icons.color)), outline: readFileSync(path.join(TEAMS, manifest.icons.outline)) };
  for (const [name, want] of [["color", 192], ["outline", 32]]) {
    const size = pngSize(icons[name]);
    if (!size || size.width !== want || size.height !== want) throw new Error(`teams/${manifest.icons[name]} must be a ${want}×${want} PNG`);
  }

  const zip = new JSZip();
  // A fixed date keeps the zip byte-for-byte the same for the same inputs.
  const date = new Date("2026-01-01T00:00:00Z");
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`, { date });
  zip.file(manifest.icons.color, icons.color, { date });
  zip.file(manifest.icons.outline, icons.outline, { date });
  const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  return { out, bytes: bytes.length, manifest };
}

async function main(args) {
  if (args.includes("--icons")) {
    const sizes = drawIcons();
    console.log(`Drew teams/color.png (192×192, ${sizes.color} bytes) and teams/outline.png (32×32, ${sizes.outline} bytes).`);
    return;
  }
  const out = path.resolve(ROOT, option(args, "out") ?? "dist/leadbot-teams.zip");
  const result = await buildPackage({
    appId: option(args, "app-id") ?? process.env.MICROSOFT_APP_ID,
    url: option(args, "url") ?? process.env.LEADBOT_PUBLIC_URL,
    version: option(args, "version") ?? process.env.TEAMS_APP_VERSION ?? "1.0.0",
    out,
  });
  console.log(`Teams app package written to ${path.relative(process.cwd(), result.out) || result.out} (${result.bytes} bytes).`);
  console.log("Upload it in Teams: Apps → Manage your apps → Upload an app (or the Teams admin centre for the whole organisation).");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
