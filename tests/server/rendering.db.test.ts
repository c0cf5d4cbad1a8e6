import { PassThrough } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { renderToReadableStream } from "react-dom/server.browser";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testAppForFile } from "../support/app";
import { withDemo } from "../support/demo";

const testApp = testAppForFile();
let app: TestApp;

beforeAll(async () => {
  app = testApp();
  await withDemo(app);
});

/** Short pieces of text whose 3-byte characters end up on every offset of a 2 KB buffer's end. */
function straddlingText(): string[] {
  return Array.from({ length: 400 }, (_, i) => `${"a".repeat(i % 5)}评选结果公示第${i}条`);
}

async function nodeRendererBytes(parts: string[]): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => sink.on("end", resolve));
  const stream = renderToPipeableStream(
    createElement(
      "div",
      null,
      parts.map((p, i) => createElement("p", { key: i }, p)),
    ),
    { onAllReady: () => stream.pipe(sink) },
  );
  await done;
  return Buffer.concat(chunks);
}

describe("server rendering", () => {
  it("the renderer the server uses never puts NUL bytes into Chinese text (React 18's Node renderer does)", async () => {
    const parts = straddlingText();
    const element = createElement(
      "div",
      null,
      parts.map((p, i) => createElement("p", { key: i }, p)),
    );
    const ours = Buffer.from(await new Response(await renderToReadableStream(element)).arrayBuffer());
    expect(ours.includes(0)).toBe(false);
    const text = new TextDecoder("utf-8", { fatal: true }).decode(ours);
    for (const p of parts) expect(text).toContain(p);
    // The control: the renderer we moved away from corrupts the same input.
    expect((await nodeRendererBytes(parts)).includes(0)).toBe(true);
  });

  it("sends each page once, whole: valid UTF-8 without NUL bytes, a doctype, and the data the browser hydrates from", async () => {
    for (const page of ["/", "/e/demo-2026", "/e/demo-2025/results", "/e/demo-2025/notice", "/login"]) {
      const res = await app.client().get(page);
      expect(res.status, page).toBe(200);
      expect(res.headers.get("content-type"), page).toContain("text/html; charset=utf-8");
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.includes(0), `${page} has a NUL byte`).toBe(false);
      const html = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      expect(html.startsWith("<!DOCTYPE html>"), page).toBe(true);
      expect(html, page).toContain("window.__remixContext");
      // Single fetch hands the loader data over in a stream of its own; an empty one never hydrates.
      expect(html, page).toMatch(/__remixContext\.streamController\.enqueue\(/);
      expect(html, page).toContain("window.__remixContext.streamController.close()");
    }
  });
});
