// The pending files behind Teams FileConsentCards: offered to one person, taken once, gone after
// their expiry; and the cards carry only the pending file's id.
import { describe, expect, it } from "vitest";
import { FILE_CONSENT_CONTENT_TYPE, fileConsentAttachment, pendingFileIdOf, PendingFiles, uploadToSession } from "../../../../src/adapters/teams/file-consent.js";

const ADA = "0a0a0a0a-0000-4000-8000-00000000000a";
const FAY = "0f0f0f0f-0000-4000-8000-00000000000f";
const csv = { filename: "leadbot-report.csv", content: "Figure,Value\r\nOpen cases,3\r\n" };

describe("PendingFiles", () => {
  it("gives the file to the person it was offered to, once", () => {
    const files = new PendingFiles();
    const offered = files.offer(ADA.toUpperCase(), csv);
    expect(files.take(offered.id, FAY)).toBeNull();
    expect(files.take(offered.id, ADA)?.content).toBe(csv.content);
    expect(files.take(offered.id, ADA)).toBeNull();
  });

  it("forgets a file after its expiry", () => {
    let now = 1_000;
    const files = new PendingFiles(() => now, 60_000);
    const offered = files.offer(ADA, csv);
    now += 60_000;
    expect(files.take(offered.id, ADA)).toBeNull();
    expect(files.size).toBe(0);
  });

  it("keeps at most a bounded number waiting, dropping the oldest", () => {
    const files = new PendingFiles();
    const first = files.offer(ADA, csv);
    for (let i = 0; i < 250; i++) files.offer(ADA, csv);
    expect(files.size).toBe(200);
    expect(files.take(first.id, ADA)).toBeNull();
  });
});

describe("fileConsentAttachment", () => {
  it("describes the file by name and size, with the pending id as its only context", () => {
    const files = new PendingFiles();
    const offered = files.offer(ADA, { filename: "audit-EH-1.csv", content: "é,1\r\n" });
    const card = fileConsentAttachment(offered, "a description");
    expect(card).toEqual({
      contentType: FILE_CONSENT_CONTENT_TYPE,
      name: "audit-EH-1.csv",
      content: { description: "a description", sizeInBytes: 6, acceptContext: { pendingFileId: offered.id }, declineContext: { pendingFileId: offered.id } },
    });
    expect(pendingFileIdOf({ action: "accept", context: card.content.acceptContext })).toBe(offered.id);
    expect(pendingFileIdOf({ action: "accept", context: { pendingFileId: "../../etc" } })).toBeNull();
    expect(pendingFileIdOf({ action: "accept" })).toBeNull();
  });
});

describe("uploadToSession", () => {
  it("refuses a plain-http upload URL outside local mode", async () => {
    const file = new PendingFiles().offer(ADA, csv);
    await expect(uploadToSession("http://upload.example.invalid/x", file, { allowHttp: false })).rejects.toThrow(/http: URL/);
  });
});
