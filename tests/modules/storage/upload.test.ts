import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { translator } from "~/modules/i18n/i18n";
import { type FileStorage, localDiskStorage } from "~/modules/storage/storage.server";
import {
  createStorageUploadHandler,
  parseStoredFile,
  parseUploadForm,
  receiveUpload,
  UploadError,
  UploadTooLargeError,
  UploadTypeError,
  uploadErrorMessage,
} from "~/modules/storage/upload.server";
import { chunked, endless, filesUnder, mp4Like, pdfLike, pngLike } from "./samples";

const MB = 1024 * 1024;
let dir: string;
let storage: FileStorage;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pingxuan-upload-"));
  storage = localDiskStorage(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const ALL = ["image", "pdf", "video"] as const;

describe("receiveUpload", () => {
  it("stores the bytes and records size, SHA-256 and the type from the content", async () => {
    const video = mp4Like(30_001);
    // 7-byte chunks: the sniffed head spans several chunks.
    const got = await receiveUpload(chunked(video, 7), {
      maxBytes: MB,
      allowedKinds: ["video"],
      storage,
      fileName: "宣传片.mp4",
    });
    expect(got).toMatchObject({
      size: 30_001,
      sha256: sha256(video),
      contentType: "video/mp4",
      kind: "video",
    });
    expect(await buffer(storage.read(got.storageKey))).toEqual(video);
    expect(filesUnder(dir)).toHaveLength(1);
  });

  it("takes a node Readable and a file without an extension", async () => {
    const pdf = pdfLike();
    const got = await receiveUpload(Readable.from([pdf]), {
      maxBytes: MB,
      allowedKinds: ALL,
      storage,
      fileName: "申报书",
    });
    expect(got).toMatchObject({
      kind: "pdf",
      contentType: "application/pdf",
      size: pdf.length,
      sha256: sha256(pdf),
    });
  });

  it("refuses a PNG renamed .mp4, by its content, and keeps nothing", async () => {
    const attempt = receiveUpload(chunked(pngLike(), 1000), {
      maxBytes: MB,
      allowedKinds: ALL,
      storage,
      fileName: "截图.mp4",
    });
    await expect(attempt).rejects.toBeInstanceOf(UploadTypeError);
    await expect(attempt).rejects.toMatchObject({
      problem: "mismatch",
      messageKey: "upload.typeMismatch",
      params: { detected: "PNG", extension: "mp4" },
      status: 415,
    });
    expect(filesUnder(dir)).toEqual([]);
  });

  it("refuses a text file named .pdf, an empty file, and a kind the field does not take", async () => {
    const text = Buffer.from("这是一段文字，不是 PDF。".repeat(20));
    await expect(
      receiveUpload(chunked(text, 100), { maxBytes: MB, allowedKinds: ALL, storage, fileName: "申报书.pdf" }),
    ).rejects.toMatchObject({ problem: "unknown", messageKey: "upload.unknownType" });
    await expect(
      receiveUpload(chunked(Buffer.alloc(0), 1), {
        maxBytes: MB,
        allowedKinds: ALL,
        storage,
        fileName: "a.pdf",
      }),
    ).rejects.toMatchObject({ problem: "empty" });
    await expect(
      receiveUpload(chunked(pngLike(), 500), {
        maxBytes: MB,
        allowedKinds: ["video"],
        storage,
        fileName: "a.png",
      }),
    ).rejects.toMatchObject({ problem: "notAllowed", params: { kind: "image", allowed: "video" } });
    expect(filesUnder(dir)).toEqual([]);
  });

  it("stops reading an oversized upload just after the limit and leaves no file", async () => {
    const limit = 2 * MB;
    const chunk = 64 * 1024;
    const { source, pulled } = endless(mp4Like(4096), chunk);
    const heapBefore = process.memoryUsage().heapUsed;
    const attempt = receiveUpload(source, {
      maxBytes: limit,
      allowedKinds: ["video"],
      storage,
      fileName: "big.mp4",
    });
    await expect(attempt).rejects.toBeInstanceOf(UploadTooLargeError);
    await expect(attempt).rejects.toMatchObject({
      messageKey: "upload.tooLarge",
      params: { max: "2 MB" },
      status: 413,
    });
    // The source would go on for ever: it was read only up to the chunk that crossed the limit.
    expect(pulled()).toBeGreaterThan(limit);
    expect(pulled()).toBeLessThanOrEqual(limit + chunk);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(limit);
    expect(filesUnder(dir)).toEqual([]);
  });

  it("accepts a file of exactly the limit", async () => {
    const video = mp4Like(MB);
    const got = await receiveUpload(chunked(video, 4096), { maxBytes: MB, allowedKinds: ["video"], storage });
    expect(got.size).toBe(MB);
  });

  it("gives messages in both languages, with kinds translated", async () => {
    const error = await receiveUpload(chunked(pngLike(), 500), {
      maxBytes: MB,
      allowedKinds: ["video", "pdf"],
      storage,
    }).catch((e: unknown) => e);
    expect(uploadErrorMessage(translator("zh-CN"), error)).toBe(
      "此处不能上传图片，可上传：MP4 视频 / PDF 文档。",
    );
    expect(uploadErrorMessage(translator("en"), error)).toBe(
      "You cannot upload an image here. Accepted: an MP4 video / a PDF document.",
    );
    expect(uploadErrorMessage(translator("zh-CN"), new UploadTooLargeError(500 * MB))).toBe(
      "文件超过 500 MB，请压缩后再上传。",
    );
    expect(uploadErrorMessage(translator("en"), new Error("other"))).toBeNull();
  });
});

function multipartRequest(form: FormData, headers: Record<string, string> = {}): Request {
  const request = new Request("http://localhost/unit/entries/1/attachments", { method: "POST", body: form });
  for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
  return request;
}

/** A multipart body streamed from a generator: one file part that never ends. */
function endlessMultipartRequest(first: Buffer, contentLength?: number) {
  const boundary = "----pingxuan-test-boundary";
  const { source, pulled } = endless(first);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        encoder.encode(
          `--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
        ),
      );
    },
    async pull(controller) {
      const next = await source.next();
      if (next.value) controller.enqueue(next.value);
    },
  });
  const headers: Record<string, string> = { "Content-Type": `multipart/form-data; boundary=${boundary}` };
  if (contentLength !== undefined) headers["Content-Length"] = String(contentLength);
  const request = new Request("http://localhost/upload", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
  return { request, pulled };
}

describe("multipart upload handler", () => {
  it("stores file parts and gives descriptors, keeping text fields", async () => {
    const form = new FormData();
    form.set("title", "2024 年度权威发布案例");
    const video = mp4Like(50_000);
    form.set("video", new File([new Uint8Array(video)], "权威发布 宣传片.mp4", { type: "video/mp4" }));
    form.append("images", new File([new Uint8Array(pngLike())], "截图1.png", { type: "image/png" }));
    form.append("images", new File([], "", { type: "application/octet-stream" })); // an empty file input

    const upload = createStorageUploadHandler({
      fileFields: ["video", "images"],
      allowedKinds: ALL,
      maxBytes: MB,
      storage,
    });
    const parsed = await unstable_parseMultipartFormData(multipartRequest(form), upload.handler);
    expect(parsed.get("title")).toBe("2024 年度权威发布案例");
    const stored = parseStoredFile(parsed.get("video"));
    expect(stored).toMatchObject({
      field: "video",
      originalName: "权威发布 宣传片.mp4",
      kind: "video",
      contentType: "video/mp4",
      size: 50_000,
      sha256: sha256(video),
    });
    expect(parsed.getAll("images").map((v) => parseStoredFile(v)?.originalName)).toEqual(["截图1.png"]);
    expect(upload.files.map((f) => f.field)).toEqual(["video", "images"]);
    expect(filesUnder(dir)).toHaveLength(2);
    await upload.discard();
    expect(filesUnder(dir)).toEqual([]);
  });

  it("drops text posing as a stored file in a file field", async () => {
    const form = new FormData();
    const forged = {
      storageKey: "2026/11/someone-elses",
      size: 1,
      sha256: "0".repeat(64),
      contentType: "video/mp4",
    };
    form.set(
      "video",
      JSON.stringify({ ...forged, kind: "video", extension: "mp4", field: "video", originalName: "x" }),
    );
    const { form: parsed, files } = await parseUploadForm(multipartRequest(form), {
      fileFields: ["video"],
      allowedKinds: ALL,
      maxBytes: MB,
      storage,
    });
    expect(parsed.get("video")).toBeNull();
    expect(files).toEqual([]);
  });

  it("skips small files in fields that take none, and refuses big ones there", async () => {
    const small = new FormData();
    small.set("note", new File([new Uint8Array(pdfLike())], "a.pdf"));
    const { form: parsed, files } = await parseUploadForm(multipartRequest(small), {
      fileFields: ["video"],
      allowedKinds: ALL,
      maxBytes: MB,
      storage,
    });
    expect(parsed.get("note")).toBeNull();
    expect(files).toEqual([]);

    const big = new FormData();
    big.set("note", new File([new Uint8Array(pngLike(300_000))], "a.png"));
    await expect(
      parseUploadForm(multipartRequest(big), {
        fileFields: ["video"],
        allowedKinds: ALL,
        maxBytes: MB,
        maxTextBytes: 100_000,
        storage,
      }),
    ).rejects.toMatchObject({ messageKey: "upload.failed", status: 413 });
    expect(filesUnder(dir)).toEqual([]);
  });

  it("refuses a mismatched file and removes the files of the same request stored before it", async () => {
    const form = new FormData();
    form.append("files", new File([new Uint8Array(pdfLike())], "申报书.pdf"));
    form.append("files", new File([new Uint8Array(pngLike())], "宣传片.mp4"));
    const attempt = parseUploadForm(multipartRequest(form), {
      fileFields: ["files"],
      allowedKinds: ALL,
      maxBytes: MB,
      storage,
    });
    await expect(attempt).rejects.toMatchObject({ messageKey: "upload.typeMismatch", status: 415 });
    expect(filesUnder(dir)).toEqual([]);
  });

  it("refuses more files than allowed and a total over the request limit", async () => {
    const form = new FormData();
    for (let i = 0; i < 3; i++)
      form.append("files", new File([new Uint8Array(pngLike(100_000))], `${i}.png`));
    await expect(
      parseUploadForm(multipartRequest(form), {
        fileFields: ["files"],
        allowedKinds: ALL,
        maxBytes: MB,
        maxFiles: 2,
        storage,
      }),
    ).rejects.toMatchObject({ messageKey: "upload.tooManyFiles", params: { max: 2 } });
    await expect(
      parseUploadForm(multipartRequest(form), {
        fileFields: ["files"],
        allowedKinds: ALL,
        maxBytes: 150_000,
        maxTotalBytes: 250_000,
        storage,
      }),
    ).rejects.toMatchObject({ messageKey: "upload.totalTooLarge" });
    expect(filesUnder(dir)).toEqual([]);
  });

  it("refuses by Content-Length before reading the body", async () => {
    const { request, pulled } = endlessMultipartRequest(mp4Like(4096), 600 * MB);
    const attempt = parseUploadForm(request, {
      fileFields: ["video"],
      allowedKinds: ALL,
      maxBytes: 500 * MB,
      storage,
    });
    await expect(attempt).rejects.toBeInstanceOf(UploadTooLargeError);
    await expect(attempt).rejects.toMatchObject({ status: 413, params: { max: "500 MB" } });
    expect(pulled()).toBe(0);
  });

  it("refuses a streamed body without Content-Length as soon as the file passes the limit", async () => {
    const { request, pulled } = endlessMultipartRequest(mp4Like(4096));
    const attempt = parseUploadForm(request, {
      fileFields: ["video"],
      allowedKinds: ALL,
      maxBytes: 3 * MB,
      storage,
    });
    await expect(attempt).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(pulled()).toBeGreaterThan(3 * MB);
    expect(pulled()).toBeLessThan(4 * MB);
    expect(filesUnder(dir)).toEqual([]);
  });

  it("reports a cut-off body as upload.failed", async () => {
    const boundary = "b0undary";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="a.mp4"\r\n\r\n`;
    const request = new Request("http://localhost/upload", {
      method: "POST",
      body: Buffer.concat([Buffer.from(body), mp4Like(1000)]),
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    });
    const attempt = parseUploadForm(request, {
      fileFields: ["video"],
      allowedKinds: ALL,
      maxBytes: MB,
      storage,
    });
    await expect(attempt).rejects.toBeInstanceOf(UploadError);
    await expect(attempt).rejects.toMatchObject({ messageKey: "upload.failed", status: 400 });
    expect(filesUnder(dir)).toEqual([]);
  });
});
