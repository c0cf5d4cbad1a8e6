import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { type UploadHandler, type UploadHandlerPart, unstable_parseMultipartFormData } from "@remix-run/node";
import { z } from "zod";
import { ATTACHMENT_KINDS } from "#db/schema/entries";
import { env } from "~/env.server";
import type { MessageKey, Translate } from "~/modules/i18n/i18n";
import {
  type FileKind,
  fileExtension,
  formatMegabytes,
  nameContradictsContent,
  SNIFF_BYTES,
  type SniffedType,
  sniffFileType,
} from "./file-type";
import { type FileStorage, fileStorage, newStorageKey } from "./storage.server";

/** An upload refused for a reason the user can fix; messageKey and params are for the form. */
export class UploadError extends Error {
  constructor(
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number>,
    /** The HTTP status a route should answer with. */
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(`${messageKey} ${JSON.stringify(params)}`, options);
    this.name = "UploadError";
  }
}

/** More bytes than allowed ("upload.tooLarge" / "upload.totalTooLarge", params { max }); 413. */
export class UploadTooLargeError extends UploadError {
  constructor(
    readonly maxBytes: number,
    key: "upload.tooLarge" | "upload.totalTooLarge" = "upload.tooLarge",
  ) {
    super(key, { max: formatMegabytes(maxBytes) }, 413);
    this.name = "UploadTooLargeError";
  }
}

export type UploadTypeProblem = "empty" | "unknown" | "mismatch" | "notAllowed";

/**
 * The content is not an accepted type, not what the file name says, or not a kind this field
 * takes; 415. Keys: "upload.empty", "upload.unknownType", "upload.typeMismatch" { detected,
 * extension }, "upload.kindNotAllowed" { kind, allowed } (kinds as codes: see uploadErrorMessage).
 */
export class UploadTypeError extends UploadError {
  constructor(
    readonly problem: UploadTypeProblem,
    readonly detected: SniffedType | null,
    params: Record<string, string | number> = {},
  ) {
    const keys: Record<UploadTypeProblem, MessageKey> = {
      empty: "upload.empty",
      unknown: "upload.unknownType",
      mismatch: "upload.typeMismatch",
      notAllowed: "upload.kindNotAllowed",
    };
    super(keys[problem], params, 415);
    this.name = "UploadTypeError";
  }
}

export type ReceivedFile = {
  storageKey: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes as stored. */
  sha256: string;
  contentType: string;
  kind: FileKind;
  /** The extension that goes with the content (jpg, png, webp, pdf, mp4), for download names. */
  extension: string;
};

export type ReceiveUploadOptions = {
  maxBytes: number;
  allowedKinds: readonly FileKind[];
  storage: FileStorage;
  /** The name the client gave; when its extension names another type than the content, refused. */
  fileName?: string;
  /** The error to throw when maxBytes is passed (the multipart handler passes its total limit's). */
  tooLarge?: () => UploadError;
};

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk);
  throw new TypeError("An upload source must yield bytes");
}

function concat(chunks: Uint8Array[]): Uint8Array {
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/**
 * Streams an upload into storage while hashing and counting it. The type is decided from the
 * first SNIFF_BYTES bytes (only those are held back); the upload stops as soon as it passes
 * maxBytes (UploadTooLargeError) or its type is refused (UploadTypeError), and whatever was
 * written is removed, so a refused upload never fills memory or disk.
 */
export async function receiveUpload(
  source: Readable | AsyncIterable<Uint8Array>,
  options: ReceiveUploadOptions,
): Promise<ReceivedFile> {
  const { maxBytes, allowedKinds, storage, fileName } = options;
  const storageKey = newStorageKey();
  const hash = createHash("sha256");
  let size = 0;
  let sniffed: SniffedType | null = null;

  function check(head: Uint8Array): SniffedType {
    if (head.length === 0) throw new UploadTypeError("empty", null);
    const type = sniffFileType(head);
    if (!type) throw new UploadTypeError("unknown", null);
    if (fileName && nameContradictsContent(fileName, type)) {
      throw new UploadTypeError("mismatch", type, {
        detected: type.extension.toUpperCase(),
        extension: fileExtension(fileName),
      });
    }
    if (!allowedKinds.includes(type.kind)) {
      throw new UploadTypeError("notAllowed", type, { kind: type.kind, allowed: allowedKinds.join(",") });
    }
    return type;
  }

  async function* inspected(): AsyncGenerator<Uint8Array> {
    let head: Uint8Array[] = [];
    let headLength = 0;
    for await (const raw of source as AsyncIterable<unknown>) {
      const chunk = toBytes(raw);
      size += chunk.byteLength;
      if (size > maxBytes) throw options.tooLarge?.() ?? new UploadTooLargeError(maxBytes);
      hash.update(chunk);
      if (sniffed) {
        yield chunk;
        continue;
      }
      head.push(chunk);
      headLength += chunk.byteLength;
      if (headLength < SNIFF_BYTES) continue;
      const first = concat(head);
      sniffed = check(first.subarray(0, SNIFF_BYTES));
      head = [];
      yield first;
    }
    if (!sniffed) {
      const first = concat(head);
      sniffed = check(first);
      yield first;
    }
  }

  try {
    const stored = await storage.put(storageKey, inspected());
    if (stored.size !== size) throw new Error(`Storage wrote ${stored.size} bytes of ${size}`);
  } catch (error) {
    await storage.delete(storageKey).catch(() => undefined);
    throw error;
  }
  const type = sniffed as SniffedType | null;
  if (!type) throw new Error("Upload finished without a type");
  return {
    storageKey,
    size,
    sha256: hash.digest("hex"),
    contentType: type.contentType,
    kind: type.kind,
    extension: type.extension,
  };
}

/** A file stored by the multipart handler: what an attachments row needs. */
export type StoredFile = ReceivedFile & {
  /** The form field the file came in. */
  field: string;
  /** The client's file name, cleaned for display (never used as a path). */
  originalName: string;
};

export type UploadFormOptions = {
  /** The form fields that take files; files in other fields are skipped, text in these dropped. */
  fileFields: readonly string[];
  allowedKinds: readonly FileKind[];
  /** Largest file; default env().maxUploadBytes (MAX_UPLOAD_MB). */
  maxBytes?: number;
  /** Largest sum of all files of one request; default maxBytes. */
  maxTotalBytes?: number;
  /** Most files in one request; default 10. */
  maxFiles?: number;
  /**
   * The refusals to give when maxFiles or maxTotalBytes (when tighter than maxBytes) bite because
   * of a limit beyond this request, e.g. an entry's attachments or a unit's quota.
   */
  tooManyFiles?: () => UploadError;
  totalTooLarge?: () => UploadError;
  /** Most bytes of all text fields and skipped parts together; default 1 MiB. */
  maxTextBytes?: number;
  storage?: FileStorage;
};

export type StorageUploadHandler = {
  /** For unstable_parseMultipartFormData: a file becomes a JSON StoredFile string in the form. */
  handler: UploadHandler;
  /** The files stored so far, in order. Trust this list (or parseStoredFile), not raw form text. */
  files: StoredFile[];
  /** Deletes every stored file: call it when the request fails after the upload. */
  discard: () => Promise<void>;
};

const TEXT_LIMIT = 1024 * 1024;

/** The client's file name as it can be shown: NFC, no path or control characters, ≤ 255 characters. */
export function cleanOriginalName(name: string): string {
  const cleaned = (name.split(/[/\\]/).pop() ?? "")
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim();
  return [...cleaned].slice(0, 255).join("") || "file";
}

/**
 * An upload handler that streams each file part through receiveUpload into storage. Use it with
 * unstable_parseMultipartFormData, or use parseUploadForm, which also checks Content-Length and
 * discards the stored files when the request fails.
 */
export function createStorageUploadHandler(options: UploadFormOptions): StorageUploadHandler {
  const maxBytes = options.maxBytes ?? env().maxUploadBytes;
  const maxTotalBytes = options.maxTotalBytes ?? maxBytes;
  const maxFiles = options.maxFiles ?? 10;
  const maxTextBytes = options.maxTextBytes ?? TEXT_LIMIT;
  const storage = options.storage ?? fileStorage();
  const files: StoredFile[] = [];
  let totalBytes = 0;
  let textBytes = 0;

  /** Everything that is not a stored file counts against maxTextBytes, so it cannot fill memory. */
  function countText(chunk: Uint8Array) {
    textBytes += chunk.byteLength;
    if (textBytes > maxTextBytes) throw new UploadError("upload.failed", {}, 413);
  }

  async function readText(part: UploadHandlerPart): Promise<string> {
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of part.data) {
      countText(chunk);
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  }

  /** Reads a part that is not kept: the parser reaches the next part only after this one. */
  async function skip(part: UploadHandlerPart): Promise<undefined> {
    for await (const chunk of part.data) countText(chunk);
    return undefined;
  }

  const handler: UploadHandler = async (part) => {
    const isFileField = options.fileFields.includes(part.name);
    if (part.filename === undefined) {
      // A text value in a file field could pose as a stored-file descriptor: drop it.
      if (isFileField) return skip(part);
      return readText(part);
    }
    // A file in a field that takes none, or an empty file input (browsers send filename="").
    if (!isFileField || part.filename === "") return skip(part);
    if (files.length >= maxFiles)
      throw options.tooManyFiles?.() ?? new UploadError("upload.tooManyFiles", { max: maxFiles }, 413);
    const remaining = maxTotalBytes - totalBytes;
    const totalIsTighter = remaining < maxBytes;
    const received = await receiveUpload(part.data, {
      maxBytes: Math.min(maxBytes, remaining),
      allowedKinds: options.allowedKinds,
      storage,
      fileName: part.filename,
      tooLarge: () =>
        totalIsTighter
          ? (options.totalTooLarge?.() ?? new UploadTooLargeError(maxTotalBytes, "upload.totalTooLarge"))
          : new UploadTooLargeError(maxBytes),
    });
    totalBytes += received.size;
    const stored: StoredFile = {
      ...received,
      field: part.name,
      originalName: cleanOriginalName(part.filename),
    };
    files.push(stored);
    return JSON.stringify(stored);
  };

  async function discard() {
    const keys = files.splice(0).map((f) => f.storageKey);
    await Promise.all(keys.map((key) => storage.delete(key).catch(() => undefined)));
  }

  return { handler, files, discard };
}

/** Room for the multipart framing and text fields on top of the files, in the Content-Length check. */
const FORM_OVERHEAD = 1024 * 1024;

/**
 * Refuses a request whose Content-Length already says it is too big, before reading it (413).
 * A missing or understated Content-Length is caught by the byte counting while streaming.
 */
export function assertContentLength(request: Request, maxBytes: number, key?: "upload.totalTooLarge"): void {
  const header = request.headers.get("Content-Length");
  if (header === null || !/^\d+$/.test(header.trim())) return;
  if (Number(header) > maxBytes + FORM_OVERHEAD) throw new UploadTooLargeError(maxBytes, key);
}

export type UploadForm = {
  form: FormData;
  files: StoredFile[];
  /** Deletes the stored files (call it if saving the rows fails). */
  discard: () => Promise<void>;
};

/**
 * Parses a multipart form whose file fields are streamed into storage. Throws an UploadError
 * (with messageKey, params and status) for a refusal the user can fix, after removing any file
 * of this request already stored; "upload.failed" (400) when the body is cut off or malformed.
 */
export async function parseUploadForm(request: Request, options: UploadFormOptions): Promise<UploadForm> {
  const maxBytes = options.maxBytes ?? env().maxUploadBytes;
  const maxTotalBytes = options.maxTotalBytes ?? maxBytes;
  try {
    assertContentLength(
      request,
      maxTotalBytes,
      maxTotalBytes > maxBytes ? "upload.totalTooLarge" : undefined,
    );
  } catch (error) {
    if (error instanceof UploadTooLargeError && options.totalTooLarge && maxTotalBytes < maxBytes)
      throw options.totalTooLarge();
    throw error;
  }
  const upload = createStorageUploadHandler({ ...options, maxBytes, maxTotalBytes });
  try {
    const form = await unstable_parseMultipartFormData(request, upload.handler);
    return { form, files: upload.files, discard: upload.discard };
  } catch (error) {
    await upload.discard();
    if (error instanceof UploadError) throw error;
    if (isMalformedBody(error)) throw new UploadError("upload.failed", {}, 400, { cause: error });
    throw error;
  }
}

/** A multipart body the parser could not read (cut off, or not multipart inside). */
export function isMalformedBody(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    /^malformed (multipart|content-disposition)/.test(error.message) ||
    error.message === "Could not parse content as FormData." ||
    error.name === "AbortError" ||
    (error as NodeJS.ErrnoException).code === "ECONNRESET"
  );
}

const StoredFileSchema = z.object({
  storageKey: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.string(),
  kind: z.enum(ATTACHMENT_KINDS),
  extension: z.string(),
  field: z.string(),
  originalName: z.string(),
});

/** The StoredFile in a form value written by the upload handler, or null. */
export function parseStoredFile(value: FormDataEntryValue | null): StoredFile | null {
  if (typeof value !== "string") return null;
  try {
    const parsed = StoredFileSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The message of an UploadError in the user's language (kind codes translated), else null. */
export function uploadErrorMessage(t: Translate, error: unknown): string | null {
  if (!(error instanceof UploadError)) return null;
  const kindName = (kind: string) => t(`upload.kind.${kind}` as MessageKey);
  const params = { ...error.params };
  if (error.messageKey === "upload.kindNotAllowed") {
    params.kind = kindName(String(params.kind));
    params.allowed = String(params.allowed).split(",").map(kindName).join(" / ");
  }
  return t(error.messageKey, params);
}
