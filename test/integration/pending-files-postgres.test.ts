// The pending files behind Teams FileConsentCards, on the run's Postgres: offered to one person,
// taken once (by whichever web process gets the Allow first), gone after their expiry, bounded.
import { afterAll, describe, expect, it } from "vitest";
import { PrismaPendingFiles } from "../../src/adapters/teams/pending-files.js";
import { createPrismaClient } from "../../src/infrastructure/prisma/client.js";
import { testDatabaseUrl } from "../support/database.js";

const ADA = "0a0a0a0a-0000-4000-8000-00000000000a";
const FAY = "0f0f0f0f-0000-4000-8000-00000000000f";
const csv = { filename: "leadbot-report.csv", content: "Figure,Value\r\nOpen cases,3\r\n" };
const prisma = createPrismaClient(testDatabaseUrl());
const other = createPrismaClient(testDatabaseUrl());

afterAll(async () => {
  await prisma.$disconnect();
  await other.$disconnect();
});

describe("pending files", () => {
  it("gives the file to the person it was offered to, once", async () => {
    const files = new PrismaPendingFiles(prisma);
    const offered = await files.offer(ADA.toUpperCase(), csv);
    expect(await files.take(offered.id, FAY)).toBeNull();
    expect((await files.take(offered.id, ADA))?.content).toBe(csv.content);
    expect(await files.take(offered.id, ADA)).toBeNull();
  });

  it("is taken by exactly one of two processes racing for it", async () => {
    const here = new PrismaPendingFiles(prisma);
    const there = new PrismaPendingFiles(other);
    for (let i = 0; i < 20; i++) {
      const offered = await here.offer(ADA, csv);
      const got = await Promise.all([here.take(offered.id, ADA), there.take(offered.id, ADA), there.take(offered.id, ADA)]);
      expect(got.filter((f) => f !== null)).toHaveLength(1);
    }
  });

  it("forgets a file after its expiry", async () => {
    let now = Date.now();
    const files = new PrismaPendingFiles(prisma, () => now, 60_000);
    const offered = await files.offer(ADA, csv);
    now += 60_000;
    expect(await files.take(offered.id, ADA)).toBeNull();
    expect(await files.count()).toBe(0);
  });

  it("keeps at most a bounded number waiting, dropping the oldest", async () => {
    let now = Date.now();
    const files = new PrismaPendingFiles(prisma, () => now);
    const first = await files.offer(ADA, csv);
    for (let i = 0; i < 250; i++) {
      now += 1;
      await files.offer(ADA, csv);
    }
    expect(await files.count()).toBe(200);
    expect(await files.take(first.id, ADA)).toBeNull();
  });
});
