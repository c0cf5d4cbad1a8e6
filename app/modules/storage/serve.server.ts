import { createHash } from "node:crypto";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { contentDisposition, fileExtension, safeDownloadName } from "./file-type";
import { type ByteRange, etagMatches, parseEtags, parseRange } from "./range";
import { type FileStorage, fileStorage } from "./storage.server";

export type FileResponseOptions = {
  storageKey: string;
  contentType: string;
  /** The size recorded at upload; the size in storage wins if they differ. */
  size: number;
  /** The name offered to the browser, extension included; cleaned by safeDownloadName. */
  downloadName: string;
  /** inline: shown in the browser (images, PDFs, video); attachment: saved. */
  disposition: "inline" | "attachment";
  /** The file's SHA-256 (hex), used as its ETag. */
  sha256?: string;
  storage?: FileStorage;
};

/**
 * Serves a stored file: streamed body, the recorded Content-Type, a safe Content-Disposition,
 * single byte ranges (206, 416) so videos play and seek, ETag / If-None-Match (304) and
 * If-Range, and HEAD. Call it from a loader after checking the user may see the file.
 */
export async function fileResponse(request: Request, options: FileResponseOptions): Promise<Response> {
  const storage = options.storage ?? fileStorage();
  const stored = await storage.stat(options.storageKey);
  if (!stored) return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain" } });
  if (stored.size !== options.size) {
    console.warn(`storage: ${options.storageKey} has ${stored.size} bytes, ${options.size} recorded`);
  }
  const size = stored.size;

  const etag = `"${options.sha256 ?? createHash("sha256").update(`${options.storageKey}:${size}`).digest("hex").slice(0, 32)}"`;
  const ext = fileExtension(options.downloadName);
  const base = ext ? options.downloadName.slice(0, -(ext.length + 1)) : options.downloadName;
  const headers = new Headers({
    "Content-Type": options.contentType,
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Cache-Control": "private, max-age=3600",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": contentDisposition(options.disposition, safeDownloadName(base, ext)),
  });

  const method = request.method.toUpperCase();
  if ((method === "GET" || method === "HEAD") && etagMatches(request.headers.get("If-None-Match"), etag)) {
    headers.delete("Content-Type");
    return new Response(null, { status: 304, headers });
  }

  let range: ByteRange | "unsatisfiable" | null = parseRange(request.headers.get("Range"), size);
  if (range && !ifRangeHolds(request.headers.get("If-Range"), etag)) range = null;

  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    headers.set("Content-Length", "0");
    headers.delete("Content-Disposition");
    return new Response(null, { status: 416, headers });
  }

  let status = 200;
  let length = size;
  if (range) {
    status = 206;
    length = range.end - range.start + 1;
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
  }
  headers.set("Content-Length", String(length));
  if (method === "HEAD" || length === 0) return new Response(null, { status, headers });

  const body = createReadableStreamFromReadable(storage.read(options.storageKey, range ?? undefined));
  return new Response(body, { status, headers });
}

/** If-Range: the range applies only while the file is still the one the client has (by ETag). */
function ifRangeHolds(header: string | null, etag: string): boolean {
  if (header === null) return true;
  // A date cannot be checked (no Last-Modified is sent), and weak tags never match If-Range.
  if (header.trim().startsWith("W/")) return false;
  const tags = parseEtags(header);
  return tags !== "*" && tags.length === 1 && tags[0] === etag;
}
