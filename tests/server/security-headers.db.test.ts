import { beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testAppForFile } from "../support/app";
import { withDemo } from "../support/demo";

const testApp = testAppForFile();
let app: TestApp;

beforeAll(async () => {
  app = testApp();
  await withDemo(app);
});

describe("security headers", () => {
  it("sends a Content-Security-Policy whose nonce is on every inline script, fresh per response", async () => {
    const nonces: string[] = [];
    for (const page of ["/", "/login", "/e/demo-2026"]) {
      const res = await app.client().get(page);
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, page).toBeTruthy();
      nonces.push(nonce ?? "");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, page).toBeGreaterThan(0);
      for (const tag of scripts) {
        if (/\bsrc=/.test(tag)) continue; // files of this site are allowed by 'self'
        expect(tag, `${page}: ${tag}`).toContain(`nonce="${nonce}"`);
      }
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it("sends nosniff, a referrer policy and refuses framing by other sites", async () => {
    const res = await app.client().get("/");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });
});
