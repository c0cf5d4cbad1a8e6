import { request } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testAppForFile } from "../support/app";

/*
 * The same-origin check compares a post's Origin with APP_URL only. It used to accept the origin
 * built from the Host header too, which the client chooses: a page on evil.example could post here
 * through a name that resolves to this server (DNS rebinding) with Host and Origin agreeing.
 */
const testApp = testAppForFile();
let app: TestApp;

beforeAll(() => {
  app = testApp();
});

/** A post with the Host header of our choosing (fetch does not let a caller set it). */
function postWithHost(host: string, origin: string): Promise<number> {
  const url = new URL("/locale", app.url);
  const body = "locale=en&redirectTo=%2F";
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: {
          Host: host,
          Origin: origin,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("same-origin check", () => {
  it("refuses an Origin that only matches the Host header", async () => {
    expect(await postWithHost("evil.example", "http://evil.example")).toBe(403);
  });

  it("takes a post from APP_URL's origin", async () => {
    const { host } = new URL(app.url);
    expect(await postWithHost(host, app.url)).toBe(302);
  });
});
