import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FileResponseOptions, fileResponse } from "~/modules/storage/serve.server";
import { type FileStorage, localDiskStorage } from "~/modules/storage/storage.server";
import { receiveUpload } from "~/modules/storage/upload.server";
import { chunked, mp4Like } from "./samples";

let dir: string;
let storage: FileStorage;
let video: Buffer;
let file: FileResponseOptions;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "pingxuan-serve-"));
  storage = localDiskStorage(dir);
  video = mp4Like(10_000);
  const stored = await receiveUpload(chunked(video, 1000), {
    maxBytes: 1 << 20,
    allowedKinds: ["video"],
    storage,
  });
  file = {
    storageKey: stored.storageKey,
    contentType: stored.contentType,
    size: stored.size,
    sha256: stored.sha256,
    downloadName: "2024-DSP-0003 短视频《家门口的服务》.mp4",
    disposition: "inline",
    storage,
  };
  // A plain node:http server in front of fileResponse, the way a browser would reach it.
  server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const response = await fileResponse(
      new Request(`http://localhost${req.url}`, { method: req.method, headers }),
      file,
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    // A client that stops reading (or a file removed at teardown) ends this response only.
    if (response.body) {
      await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res).catch(() =>
        res.destroy(),
      );
    } else res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`;
});

afterAll(async () => {
  // Responses whose bodies a test did not read still hold file streams: end them before the
  // files go, so no stream opens a removed file after the test.
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => setTimeout(resolve, 100));
  rmSync(dir, { recursive: true, force: true });
});

const get = (headers: Record<string, string> = {}, method = "GET") => fetch(base, { method, headers });
const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe("fileResponse over HTTP", () => {
  it("sends the whole file with its type, length, ETag, caching and a safe name", async () => {
    const response = await get();
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "video/mp4",
      "content-length": "10000",
      "accept-ranges": "bytes",
      etag: `"${file.sha256}"`,
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
    });
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^inline; filename="2024-DSP-0003.mp4"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("''")[1] ?? "")).toBe(
      "2024-DSP-0003 短视频《家门口的服务》.mp4",
    );
    expect((await bytes(response)).equals(video)).toBe(true);
  });

  it("serves bytes=0-99 as 206 with exactly those bytes", async () => {
    const response = await get({ Range: "bytes=0-99" });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("bytes 0-99/10000");
    expect(response.headers.get("content-length")).toBe("100");
    const body = await bytes(response);
    expect(body.equals(video.subarray(0, 100))).toBe(true);
    expect(body.subarray(4, 8).toString("latin1")).toBe("ftyp");
  });

  it("serves a suffix range and an open-ended range (what a player asks for when seeking)", async () => {
    const tail = await get({ Range: "bytes=-10" });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe("bytes 9990-9999/10000");
    expect((await bytes(tail)).equals(video.subarray(9990))).toBe(true);

    const open = await get({ Range: "bytes=4321-" });
    expect(open.status).toBe(206);
    expect(open.headers.get("content-range")).toBe("bytes 4321-9999/10000");
    expect(open.headers.get("content-length")).toBe("5679");
    expect((await bytes(open)).equals(video.subarray(4321))).toBe(true);
  });

  it("answers 416 with the size for a range beyond the end", async () => {
    const response = await get({ Range: "bytes=10000-" });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */10000");
    expect((await bytes(response)).length).toBe(0);
  });

  it("answers 304 to If-None-Match with the ETag, and honours If-Range", async () => {
    const etag = `"${file.sha256}"`;
    const notModified = await get({ "If-None-Match": etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(etag);
    expect((await get({ "If-None-Match": '"other"' })).status).toBe(200);

    const sameFile = await get({ Range: "bytes=0-9", "If-Range": etag });
    expect(sameFile.status).toBe(206);
    const changed = await get({ Range: "bytes=0-9", "If-Range": '"older"' });
    expect(changed.status).toBe(200);
    expect((await bytes(changed)).length).toBe(10_000);
  });

  it("answers HEAD with the headers and no body", async () => {
    const response = await get({ Range: "bytes=0-99" }, "HEAD");
    expect(response.status).toBe(206);
    expect(response.headers.get("content-length")).toBe("100");
    expect((await bytes(response)).length).toBe(0);
  });
});

describe("fileResponse", () => {
  it("is 404 when the file is not in storage", async () => {
    const response = await fileResponse(new Request("http://localhost/f"), {
      ...file,
      storageKey: "2026/11/missing",
    });
    expect(response.status).toBe(404);
  });

  it("sends attachment dispositions and an ETag without a SHA-256", async () => {
    const response = await fileResponse(new Request("http://localhost/f"), {
      ...file,
      sha256: undefined,
      disposition: "attachment",
      downloadName: "report",
    });
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="report"; filename*=UTF-8''report`,
    );
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    await response.body?.cancel();
  });
});
