import type { AttachmentKind } from "#db/schema/entries";

/**
 * What a file is, judged from its first bytes (never from its name or the browser's
 * Content-Type, which both come from the file name).
 *
 * Accepted: JPEG, PNG and WebP images, PDF documents, and MP4 video (ISO base media files with an
 * MP4 brand). QuickTime (`qt  `) is refused: browsers play only some .mov files (H.264 ones in
 * Chrome, not HEVC ones outside Safari), so a judge could be left with a file that does not play.
 */
export type FileKind = AttachmentKind;

export type SniffedType = {
  kind: FileKind;
  contentType: string;
  /** The usual extension, without the dot. */
  extension: string;
};

/**
 * How many leading bytes sniffing looks at. 12 are enough for every signature; the rest lets an MP4
 * whose major brand is unusual be recognised by a compatible brand of its `ftyp` box.
 */
export const SNIFF_BYTES = 64;

const JPEG: SniffedType = { kind: "image", contentType: "image/jpeg", extension: "jpg" };
const PNG: SniffedType = { kind: "image", contentType: "image/png", extension: "png" };
const WEBP: SniffedType = { kind: "image", contentType: "image/webp", extension: "webp" };
const PDF: SniffedType = { kind: "pdf", contentType: "application/pdf", extension: "pdf" };
const MP4: SniffedType = { kind: "video", contentType: "video/mp4", extension: "mp4" };

/** ISO base media brands of files browsers play as video/mp4. */
const MP4_BRANDS = new Set([
  "isom",
  "iso2",
  "iso3",
  "iso4",
  "iso5",
  "iso6",
  "mp41",
  "mp42",
  "avc1",
  "M4V ",
  "M4VP",
  "dash",
  "mmp4",
  "MSNV",
]);
/** Major brands that are ISO base media but not MP4 video, even when a compatible brand is. */
const NOT_MP4_BRANDS = new Set([
  "qt  ",
  "M4A ",
  "M4B ",
  "M4P ",
  "heic",
  "heix",
  "mif1",
  "msf1",
  "avif",
  "avis",
]);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  if (bytes.length < start + length) return "";
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function isMp4(bytes: Uint8Array): boolean {
  if (ascii(bytes, 4, 4) !== "ftyp") return false;
  // The box size (big-endian) covers size, "ftyp", major brand and minor version at least.
  const boxSize =
    (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
  if (boxSize < 16 || boxSize % 4 !== 0) return false;
  const major = ascii(bytes, 8, 4);
  if (MP4_BRANDS.has(major)) return true;
  if (NOT_MP4_BRANDS.has(major)) return false;
  const end = Math.min(boxSize, bytes.length);
  for (let offset = 16; offset + 4 <= end; offset += 4) {
    if (MP4_BRANDS.has(ascii(bytes, offset, 4))) return true;
  }
  return false;
}

/** The type of a file from its first bytes (pass at least SNIFF_BYTES when the file is that long). */
export function sniffFileType(head: Uint8Array): SniffedType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(head, PNG_SIGNATURE)) return PNG;
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 4) === "WEBP") return WEBP;
  if (ascii(head, 0, 5) === "%PDF-") return PDF;
  if (isMp4(head)) return MP4;
  return null;
}

const EXTENSION_TYPES: Record<string, SniffedType> = {
  jpg: JPEG,
  jpeg: JPEG,
  jpe: JPEG,
  png: PNG,
  webp: WEBP,
  pdf: PDF,
  mp4: MP4,
  m4v: MP4,
};

/** The lower-case extension of a file name, without the dot ("" when there is none). */
export function fileExtension(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/**
 * Whether a file name says the file is something else than its content: true when the name has
 * an extension of an accepted type (or of a common other type) and it does not match the content.
 * A name without an extension, or with one we do not know, says nothing and never mismatches.
 */
export function nameContradictsContent(name: string, sniffed: SniffedType): boolean {
  const ext = fileExtension(name);
  if (!ext) return false;
  const claimed = EXTENSION_TYPES[ext];
  if (claimed) return claimed.contentType !== sniffed.contentType;
  return OTHER_KNOWN_EXTENSIONS.has(ext);
}

/** Extensions of types we refuse: a PDF renamed .docx is as wrong as a PNG renamed .mp4. */
const OTHER_KNOWN_EXTENSIONS = new Set([
  "txt",
  "doc",
  "docx",
  "xls",
  "xlsx",
  "ppt",
  "pptx",
  "zip",
  "rar",
  "7z",
  "gif",
  "bmp",
  "tif",
  "tiff",
  "heic",
  "mov",
  "avi",
  "mkv",
  "webm",
  "flv",
  "wmv",
  "mp3",
  "m4a",
  "wav",
  "exe",
  "html",
  "htm",
  "svg",
  "js",
]);

// Control characters, path separators, characters Windows refuses in names, and bidirectional
// overrides (which can make "gpj.exe" display as "exe.jpg").
const UNSAFE_NAME_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_BASE_LENGTH = 100;

export type DownloadName = {
  /** The cleaned name in full Unicode (Chinese kept), with its extension. */
  name: string;
  /** An ASCII-only fallback for clients that do not read filename*. */
  ascii: string;
};

/**
 * A download name that is safe in a Content-Disposition header and on any file system:
 * no path parts, control or reserved characters, at most 100 characters before the extension,
 * the extension the content really has. Chinese names are kept in `name`; `ascii` is the fallback.
 */
export function safeDownloadName(base: string, ext: string): DownloadName {
  const cleanExt = ext.toLowerCase().replace(/[^a-z0-9]/g, "");
  let cleaned = base
    .normalize("NFC")
    .replace(UNSAFE_NAME_CHARACTERS, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  cleaned = [...cleaned]
    .slice(0, MAX_BASE_LENGTH)
    .join("")
    .replace(/[\s.]+$/, "");
  if (!cleaned) cleaned = "file";
  const asciiBase =
    cleaned
      .replace(/[^A-Za-z0-9._ -]+/g, "_")
      .replace(/_+/g, "_")
      .replace(/^[\s._-]+|[\s._-]+$/g, "") || "file";
  const suffix = cleanExt ? `.${cleanExt}` : "";
  return { name: cleaned + suffix, ascii: asciiBase + suffix };
}

/** RFC 5987 / RFC 8187 value: UTF-8, percent-encoded outside attr-char. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `attachment; filename="…"; filename*=UTF-8''…` for a name from safeDownloadName. */
export function contentDisposition(disposition: "inline" | "attachment", name: DownloadName): string {
  const quoted = name.ascii.replace(/["\\]/g, "_");
  return `${disposition}; filename="${quoted}"; filename*=UTF-8''${encodeRfc5987(name.name)}`;
}

/** "500 MB" for a byte count (binary megabytes, the way MAX_UPLOAD_MB is set). */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
