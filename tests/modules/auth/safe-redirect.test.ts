import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/modules/auth/schema";

const SITE = "https://pingxuan.example";
const FALLBACK = "/home";

/** Where a browser goes when it gets this Location on a page of our site. */
function landsOn(location: string): URL {
  return new URL(location, `${SITE}/login`);
}

/** What every answer of safeRedirect must be, whatever it was given. */
function expectSafe(input: string) {
  const out = safeRedirect(input, FALLBACK);
  expect(landsOn(out).origin, JSON.stringify(input)).toBe(SITE);
  // Usable as a header value as it is (no CR, LF, NUL or anything beyond printable ASCII).
  expect(out, JSON.stringify(input)).toMatch(/^\/[\x21-\x7e]*$/);
  expect(out.startsWith("//") || out.startsWith("/\\"), JSON.stringify(input)).toBe(false);
  expect(() => new Headers({ Location: out })).not.toThrow();
}

// Every character a URL parser strips, skips or reads as a slash, raw and percent-encoded.
const controls = [...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(i)), "\x7f"];
const tricky = [
  ...controls,
  "\\",
  "/",
  ...controls.map((c) => encodeURIComponent(c)),
  "%5C",
  "%5c",
  "%2F",
  "%2f",
];

describe("safeRedirect", () => {
  it("keeps paths of this site, with their query and fragment", () => {
    expect(safeRedirect("/admin/mail", FALLBACK)).toBe("/admin/mail");
    expect(safeRedirect("/e/demo-2026?tab=results#top", FALLBACK)).toBe("/e/demo-2026?tab=results#top");
    expect(safeRedirect("/login?redirectTo=%2Fadmin", FALLBACK)).toBe("/login?redirectTo=%2Fadmin");
    expect(safeRedirect("/", FALLBACK)).toBe("/");
  });

  it("refuses other sites and anything that is not a path", () => {
    for (const bad of [
      undefined,
      null,
      42,
      "",
      "admin",
      "https://evil.example/x",
      "//evil.example/x",
      "/\\evil.example/x",
      "\\\\evil.example/x",
      "/\t/evil.example/phish",
      "/\n/evil.example",
      "/\r\n/evil.example",
      " //evil.example",
      "/.//evil.example",
      "javascript:alert(1)",
    ]) {
      expect(safeRedirect(bad, FALLBACK), JSON.stringify(bad)).toBe(FALLBACK);
    }
  });

  it("never leaves the site, whatever whitespace, control character or backslash stands where", () => {
    const templates = [
      (c: string) => `${c}/evil.example/phish`,
      (c: string) => `/${c}/evil.example/phish`,
      (c: string) => `/${c}evil.example/phish`,
      (c: string) => `${c}//evil.example/phish`,
      (c: string) => `//${c}evil.example/phish`,
      (c: string) => `/${c}${c}/evil.example/phish`,
      (c: string) => `/admin${c}/x`,
      (c: string) => `/admin?next=${c}#${c}`,
    ];
    for (const c of tricky) for (const t of templates) expectSafe(t(c));
    for (const a of tricky) for (const b of tricky) expectSafe(`/${a}${b}evil.example/phish`);
  });

  it("never leaves the site for any string made of slashes, dots, controls and host names", () => {
    const piece = fc.constantFrom(
      ...tricky,
      "/",
      "\\",
      ".",
      "..",
      "evil.example",
      "@",
      ":",
      "?",
      "#",
      "%",
      "a",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        expectSafe(pieces.join(""));
        expectSafe(`/${pieces.join("")}`);
      }),
      { numRuns: 5000 },
    );
  });

  it("falls back instead of passing CR, LF or NUL on into a header", () => {
    for (const c of ["\r", "\n", "\0"]) {
      const out = safeRedirect(`/admin${c}Set-Cookie: x=1`, FALLBACK);
      expect(out).not.toMatch(/[\r\n\0]/);
      expect(() => new Headers({ Location: out })).not.toThrow();
    }
  });
});
