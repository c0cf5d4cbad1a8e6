import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { demoSealPng } from "~/modules/certificates/seal.server";

/** Width, height and RGBA pixels of the PNGs demoSealPng writes (one IDAT, no filtering). */
function decode(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  expect([png[24], png[25]]).toEqual([8, 6]); // 8-bit RGBA
  const idatLength = view.getUint32(33);
  expect(Buffer.from(png.subarray(37, 41)).toString("latin1")).toBe("IDAT");
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  const alpha = (x: number, y: number) => raw[y * (width * 4 + 1) + 1 + x * 4 + 3] ?? -1;
  return { width, height, alpha };
}

describe("demo seal", () => {
  it("is a square PNG, transparent outside the stamp and inked on the ring and the star", () => {
    const { width, height, alpha } = decode(demoSealPng());
    expect([width, height]).toEqual([400, 400]);
    expect(alpha(0, 0)).toBe(0); // corner
    expect(alpha(200, 100)).toBe(0); // between the thin ring and the star
    expect(alpha(200, 200)).toBeGreaterThan(150); // star
    expect(alpha(200, 14)).toBeGreaterThan(150); // outer ring
  });

  it("is drawn once: later calls give the same bytes quickly, as a copy", () => {
    const first = demoSealPng();
    const started = performance.now();
    const second = demoSealPng();
    expect(performance.now() - started).toBeLessThan(20);
    expect(second).toEqual(first);
    second[100] = (second[100] ?? 0) ^ 0xff;
    expect(demoSealPng()).toEqual(first);
  });
});
