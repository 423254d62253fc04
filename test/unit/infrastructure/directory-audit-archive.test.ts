import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DirectoryAuditArchive } from "../../../src/infrastructure/archive/directory-audit-archive.js";

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

describe("DirectoryAuditArchive", () => {
  it("creates the directory, writes the file whole, and replaces it on a second write", async () => {
    const base = await mkdtemp(path.join(tmpdir(), "leadbot-archive-"));
    made.push(base);
    const dir = path.join(base, "nested", "exports");
    const archive = new DirectoryAuditArchive(dir);
    await archive.store("EH-2026-0042_ANON-0123456789.csv", "a,b\r\n");
    await archive.store("EH-2026-0042_ANON-0123456789.csv", "a,b\r\nc,d\r\n");
    expect(await readdir(dir)).toEqual(["EH-2026-0042_ANON-0123456789.csv"]);
    expect(await readFile(path.join(dir, "EH-2026-0042_ANON-0123456789.csv"), "utf8")).toBe("a,b\r\nc,d\r\n");
    // Never readable by everyone (the exact bits depend on the umask).
    expect((await stat(path.join(dir, "EH-2026-0042_ANON-0123456789.csv"))).mode & 0o007).toBe(0);
  });

  it("refuses a file name that could leave the directory", async () => {
    const archive = new DirectoryAuditArchive(path.join(tmpdir(), "leadbot-never-created"));
    for (const name of ["../x.csv", "a/b.csv", "..", ".hidden", "x..csv", ""]) await expect(archive.store(name, "x")).rejects.toThrow(/unsafe/);
  });
});
