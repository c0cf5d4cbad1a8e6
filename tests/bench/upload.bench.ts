/**
 * Upload benchmark: streams a generated multipart upload (1 GiB by default) over real HTTP into
 * a server process that parses it with Remix's multipart parser and parseUploadForm (the path the
 * routes use) onto the local disk, then reports throughput and the server's peak memory.
 *
 *   npm run bench:upload                     # 1024 MB
 *   npm run bench:upload -- --size-mb 64     # quick run
 *
 * The server runs as a child process so its memory is measured alone: it samples
 * process.memoryUsage().rss every 50 ms and also reports VmHWM (the kernel's peak RSS).
 * Not part of `npm test` (vitest includes only *.test.ts).
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { localDiskStorage } from "~/modules/storage/storage.server";
import { parseUploadForm } from "~/modules/storage/upload.server";

const MiB = 1024 * 1024;
const RSS_LIMIT = 200 * MiB;

type ServerReport = {
  files: { size: number; sha256: string; contentType: string }[];
  baselineRss: number;
  peakRss: number;
  vmHwm: number | null;
};

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

function vmHwm(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;

/** Child: an HTTP server that takes one upload at a time into a temporary directory. */
async function serve() {
  const dir = mkdtempSync(path.join(tmpdir(), "pingxuan-bench-"));
  const storage = localDiskStorage(dir);
  let peakRss = process.memoryUsage().rss;
  let baselineRss = peakRss;
  setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50).unref();

  const server = createServer(async (req, res) => {
    try {
      if (req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      baselineRss = process.memoryUsage().rss;
      peakRss = baselineRss;
      // The same conversion the express adapter makes for Remix.
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(name, value);
      const request = new Request(`http://localhost${req.url}`, {
        method: "POST",
        headers,
        body: createReadableStreamFromReadable(req),
        duplex: "half",
      } as RequestInit);
      const maxBytes = Number(req.headers["x-max-bytes"]);
      const upload = await parseUploadForm(request, {
        fileFields: ["video"],
        allowedKinds: ["video"],
        maxBytes,
        storage,
      });
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const report: ServerReport = {
        files: upload.files.map((f) => ({ size: f.size, sha256: f.sha256, contentType: f.contentType })),
        baselineRss,
        peakRss,
        vmHwm: vmHwm(),
      };
      await upload.discard();
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(report));
    } catch (error) {
      res.writeHead(500, { "Content-Type": "text/plain" }).end(String(error));
    }
  });
  server.listen(0, "127.0.0.1", () => {
    console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
  });
  process.on("SIGTERM", () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}

/** Parent: starts the server, streams the upload from a generator, prints the figures. */
async function run() {
  const sizeMb = arg("--size-mb", 1024);
  const size = Math.round(sizeMb * MiB);
  const chunkSize = 256 * 1024;

  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--serve"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, "line")) as [string];
    const { port } = JSON.parse(first) as { port: number };

    const boundary = `----pingxuan-bench-${randomBytes(8).toString("hex")}`;
    const preamble = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="基准测试.mp4"\r\n` +
        "Content-Type: video/mp4\r\n\r\n",
    );
    const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
    // One random block, sent again and again (the generator never holds the file).
    const block = randomBytes(chunkSize);
    const ftyp = Buffer.from("000000186674797069736f6d0000020069736f6d69736f32", "hex");
    const hash = createHash("sha256");

    function* body(): Generator<Buffer> {
      let sent = 0;
      while (sent < size) {
        const n = Math.min(chunkSize, size - sent);
        const chunk =
          sent === 0 ? Buffer.concat([ftyp, block.subarray(ftyp.length, n)]) : block.subarray(0, n);
        hash.update(chunk);
        sent += n;
        yield chunk;
      }
    }

    const started = process.hrtime.bigint();
    const req = httpRequest({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/upload",
      headers: {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        "Content-Length": String(preamble.length + size + epilogue.length),
        "X-Max-Bytes": String(size),
      },
    });
    const response = once(req, "response");
    req.write(preamble);
    for (const chunk of body()) {
      if (!req.write(chunk)) await once(req, "drain");
    }
    req.end(epilogue);
    const [res] = (await response) as [import("node:http").IncomingMessage];
    let text = "";
    for await (const chunk of res) text += chunk;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (res.statusCode !== 200) throw new Error(`Server answered ${res.statusCode}: ${text}`);
    const report = JSON.parse(text) as ServerReport;
    const stored = report.files[0];
    const expected = hash.digest("hex");
    if (!stored || stored.size !== size || stored.sha256 !== expected) {
      throw new Error(
        `Stored file does not match: ${JSON.stringify(stored)} (expected ${size} bytes, ${expected})`,
      );
    }

    const peak = Math.max(report.peakRss, report.vmHwm ?? 0);
    console.log(`upload          ${mb(size)} (${stored.contentType}, SHA-256 verified)`);
    console.log(`time            ${seconds.toFixed(2)} s`);
    console.log(`throughput      ${(size / MiB / seconds).toFixed(1)} MB/s`);
    console.log(
      `server RSS      ${mb(report.baselineRss)} before, ${mb(report.peakRss)} peak (sampled every 50 ms)`,
    );
    console.log(`server VmHWM    ${report.vmHwm === null ? "n/a" : mb(report.vmHwm)}`);
    console.log(`peak RSS < 200 MB: ${peak < RSS_LIMIT ? "yes" : "NO"}`);
    if (peak >= RSS_LIMIT) process.exitCode = 1;
  } finally {
    child.kill("SIGTERM");
  }
}

if (process.argv.includes("--serve")) await serve();
else await run();
