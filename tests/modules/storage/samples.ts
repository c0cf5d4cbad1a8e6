import { readdirSync } from "node:fs";
import path from "node:path";

/** Small files with real signatures, for the storage tests. */

/** An ISO base media header: a 24-byte ftyp box (major brand, minor version, two compatible brands). */
export function ftyp(major: string, compatible: string[] = ["isom", "iso2"]): Buffer {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size);
  box.writeUInt32BE(size, 0);
  box.write("ftyp", 4, "latin1");
  box.write(major, 8, "latin1");
  box.writeUInt32BE(0x200, 12);
  compatible.forEach((brand, i) => {
    box.write(brand, 16 + 4 * i, "latin1");
  });
  return box;
}

/** Deterministic filler bytes (so ranges can be checked byte for byte). */
export function filler(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

/** An mp4-like file: an ftyp box, then a fake mdat box of filler. */
export function mp4Like(total = 4096): Buffer {
  const head = ftyp("isom", ["isom", "iso2", "avc1", "mp41"]);
  return Buffer.concat([head, filler(total - head.length)]);
}

export const PNG_HEAD = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

export function pngLike(total = 2048): Buffer {
  return Buffer.concat([PNG_HEAD, filler(total - PNG_HEAD.length, 3)]);
}

export function pdfLike(): Buffer {
  return Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
}

export function jpegLike(total = 1024): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
    Buffer.from("JFIF\0"),
    filler(total - 11),
  ]);
}

export function webpLike(total = 512): Buffer {
  const head = Buffer.alloc(16);
  head.write("RIFF", 0, "latin1");
  head.writeUInt32LE(total - 8, 4);
  head.write("WEBPVP8 ", 8, "latin1");
  return Buffer.concat([head, filler(total - 16)]);
}

/** Yields `chunk` again and again, counting how many bytes were taken from it. */
export function endless(
  first: Buffer,
  chunkSize = 64 * 1024,
): { source: AsyncGenerator<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = filler(chunkSize);
  async function* generate() {
    pulled += first.length;
    yield first;
    for (;;) {
      pulled += chunk.length;
      yield chunk;
    }
  }
  return { source: generate(), pulled: () => pulled };
}

export async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Every file under dir (relative paths), to check that nothing was left behind. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}
