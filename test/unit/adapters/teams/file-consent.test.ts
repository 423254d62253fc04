// Teams FileConsentCards carry only the pending file's id; uploads go only where they may.
// (The store behind the cards is tested on Postgres: test/integration/pending-files-postgres.test.ts.)
import { describe, expect, it } from "vitest";
import { FILE_CONSENT_CONTENT_TYPE, fileConsentAttachment, pendingFileIdOf, uploadToSession, type PendingFile } from "../../../../src/adapters/teams/file-consent.js";

const ADA = "0a0a0a0a-0000-4000-8000-00000000000a";
const csv = { filename: "leadbot-report.csv", content: "Figure,Value\r\nOpen cases,3\r\n" };
const pending = (file: { filename: string; content: string }): PendingFile => ({ id: "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b", ownerAad: ADA, ...file, expiresAt: Date.now() + 60_000 });

describe("fileConsentAttachment", () => {
  it("describes the file by name and size, with the pending id as its only context", () => {
    const offered = pending({ filename: "audit-EH-1.csv", content: "é,1\r\n" });
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
    const file = pending(csv);
    await expect(uploadToSession("http://upload.example.invalid/x", file, { allowHttp: false })).rejects.toThrow(/http: URL/);
  });
});
