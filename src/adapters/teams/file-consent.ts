// A report's CSV in Teams, the way Teams bots send files: only in personal chat, and only with the
// person's consent. The bot offers a FileConsentCard (name, description, size); the file itself
// stays here, under an opaque id carried in the card's accept/decline context. When the person
// chooses Allow, Teams sends a `fileConsent/invoke` with an upload URL in their OneDrive; the bot
// PUTs the bytes there (one Content-Range) and posts a FileInfoCard linking the uploaded file.
// https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4
//
// Pending files wait in Postgres for a few minutes (pending-files.ts),
// so the Allow may reach any web process. A report is cheap to run again, and the CSV (figures,
// or an audit trail of ids and codes) holds no child details.
import type { Attachment, FileConsentCard, FileConsentCardResponse, FileInfoCard } from "botbuilder";

export const FILE_CONSENT_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.consent";
export const FILE_INFO_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.info";
export const FILE_CONSENT_INVOKE = "fileConsent/invoke";

/** How long an offered file waits for Allow. */
export const PENDING_FILE_TTL_MS = 15 * 60 * 1000;

export interface PendingFile {
  id: string;
  /** AAD object id (lower-case) of the person it was offered to: only they may accept it. */
  ownerAad: string;
  filename: string;
  content: string;
  expiresAt: number;
}

/** What the card's accept and decline contexts carry: the pending file's id, nothing else. */
export interface FileConsentContext {
  pendingFileId: string;
}

/** Where offered files wait for Allow: shared by every web process. */
export interface PendingFileStore {
  offer(ownerAad: string, file: { filename: string; content: string }): Promise<PendingFile>;
  /**
   * The file, removed from the store, when `id` is pending, unexpired and offered to `ownerAad`;
   * null otherwise. Someone else's id leaves the file where it is.
   */
  take(id: string, ownerAad: string): Promise<PendingFile | null>;
}

export function byteLength(file: { content: string }): number {
  return Buffer.byteLength(file.content, "utf8");
}

/** The FileConsentCard for a pending file. */
export function fileConsentAttachment(file: PendingFile, description: string): Attachment {
  const context: FileConsentContext = { pendingFileId: file.id };
  const content: FileConsentCard = { description, sizeInBytes: byteLength(file), acceptContext: context, declineContext: context };
  return { contentType: FILE_CONSENT_CONTENT_TYPE, name: file.filename, content };
}

/** The pending file id in a consent invoke's context, if it looks like one. */
export function pendingFileIdOf(response: FileConsentCardResponse): string | null {
  const id = (response.context as Partial<FileConsentContext> | undefined)?.pendingFileId;
  return typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

/** The FileInfoCard Teams shows for an uploaded file. */
export function fileInfoAttachment(uploadInfo: NonNullable<FileConsentCardResponse["uploadInfo"]>, filename: string): Attachment {
  const content: FileInfoCard = { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType ?? "csv" };
  return { contentType: FILE_INFO_CONTENT_TYPE, name: uploadInfo.name ?? filename, contentUrl: uploadInfo.contentUrl, content };
}

/**
 * PUTs the whole file to the upload session Teams opened in the person's OneDrive. Outside local
 * mode the URL must be https.
 */
export async function uploadToSession(uploadUrl: string, file: PendingFile, options: { allowHttp: boolean }): Promise<void> {
  const url = new URL(uploadUrl);
  if (url.protocol !== "https:" && !(options.allowHttp && url.protocol === "http:")) {
    throw new Error(`refusing to upload to a ${url.protocol} URL`);
  }
  const body = Buffer.from(file.content, "utf8");
  const res = await fetch(url, {
    method: "PUT",
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-length": String(body.length),
      "content-range": `bytes 0-${body.length - 1}/${body.length}`,
    },
    body,
    signal: AbortSignal.timeout(8_000),
  });
  if (!res.ok) throw new Error(`the upload session answered HTTP ${res.status}`);
}
