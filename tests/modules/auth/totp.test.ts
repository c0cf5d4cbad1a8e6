import { describe, expect, it } from "vitest";
import {
  base32Decode,
  base32Encode,
  codeForStep,
  groupSecret,
  otpauthUri,
  stepAt,
  verifyCode,
} from "~/modules/auth/totp";

const text = (s: string) => new TextEncoder().encode(s);

describe("base32 (RFC 4648 section 10 vectors)", () => {
  const vectors: [string, string][] = [
    ["", ""],
    ["f", "MY======"],
    ["fo", "MZXQ===="],
    ["foo", "MZXW6==="],
    ["foob", "MZXW6YQ="],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI======"],
  ];
  it.each(vectors)("encodes %j as %s and back", (plain, encoded) => {
    expect(base32Encode(text(plain))).toBe(encoded);
    expect(new TextDecoder().decode(base32Decode(encoded))).toBe(plain);
  });

  it("leaves the padding off on request and reads what people type", () => {
    expect(base32Encode(text("foobar"), { padding: false })).toBe("MZXW6YTBOI");
    expect(new TextDecoder().decode(base32Decode("mzxw 6ytb-oi"))).toBe("foobar");
  });

  it("refuses characters outside the alphabet", () => {
    expect(() => base32Decode("MZXW1")).toThrow();
    expect(() => base32Decode("MZ=XW")).toThrow();
  });

  it("round-trips random bytes", () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 255);
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });
});

describe("TOTP (RFC 6238 appendix B, SHA-1, truncated to 6 digits)", () => {
  const secret = text("12345678901234567890");
  const vectors: [number, string, string][] = [
    [59, "94287082", "287082"],
    [1111111109, "07081804", "081804"],
    [1111111111, "14050471", "050471"],
    [1234567890, "89005924", "005924"],
    [2000000000, "69279037", "279037"],
    [20000000000, "65353130", "353130"],
  ];
  it.each(vectors)("at %i s gives %s (6 digits: %s)", (seconds, eight, six) => {
    const step = stepAt(seconds * 1000);
    expect(codeForStep(secret, step, 8)).toBe(eight);
    expect(codeForStep(secret, step)).toBe(six);
    expect(verifyCode(secret, six, seconds * 1000)).toEqual({ ok: true, step });
  });

  it("accepts one step either side and nothing further", () => {
    const at = 1234567890 * 1000;
    const now = stepAt(at);
    expect(verifyCode(secret, codeForStep(secret, now - 1), at)).toEqual({ ok: true, step: now - 1 });
    expect(verifyCode(secret, codeForStep(secret, now + 1), at)).toEqual({ ok: true, step: now + 1 });
    expect(verifyCode(secret, codeForStep(secret, now - 2), at).ok).toBe(false);
    expect(verifyCode(secret, codeForStep(secret, now + 2), at).ok).toBe(false);
  });

  it("refuses a code of a step already used, and malformed codes", () => {
    const at = 1234567890 * 1000;
    const now = stepAt(at);
    const code = codeForStep(secret, now);
    expect(verifyCode(secret, code, at, now)).toEqual({ ok: false, reason: "replayed" });
    expect(verifyCode(secret, codeForStep(secret, now + 1), at, now)).toEqual({ ok: true, step: now + 1 });
    for (const bad of ["", "12345", "1234567", "abcdef", "00592４", "-05924"]) {
      expect(verifyCode(secret, bad, at)).toEqual({ ok: false, reason: "wrong" });
    }
    expect(verifyCode(secret, "005 924", at)).toEqual({ ok: true, step: now });
  });
});

describe("otpauth URI", () => {
  it("names the issuer and account and carries the settings", () => {
    const uri = otpauthUri({ secret: "GEZDGNBV", account: "a@example.cn", issuer: "Pingxuan" });
    expect(uri).toBe(
      "otpauth://totp/Pingxuan:a%40example.cn?secret=GEZDGNBV&issuer=Pingxuan&algorithm=SHA1&digits=6&period=30",
    );
    expect(groupSecret("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
  });
});
