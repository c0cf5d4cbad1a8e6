import { deflateSync } from "node:zlib";

/**
 * A demo seal (公章-like stamp) for the demo edition and the design preview, drawn here pixel by pixel
 * and encoded as a PNG with transparency, so it takes exactly the path of a seal an organizer
 * uploads.
 *
 * It is a red ring with a five-pointed star and a thin inner ring, and deliberately carries no
 * characters: a demo stamp must not read as any real organisation's seal.
 */
export function demoSealPng(size = 400): Uint8Array {
  // Drawing takes a few hundred milliseconds; every demo certificate asks for the same image.
  let png = demoSeals.get(size);
  if (!png) {
    png = drawDemoSeal(size);
    demoSeals.set(size, png);
  }
  return png.slice();
}

const demoSeals = new Map<number, Uint8Array>();

function drawDemoSeal(size: number): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const c = size / 2;
  const ring = { outer: 0.48 * size, inner: 0.435 * size };
  const thin = { outer: 0.395 * size, inner: 0.387 * size };
  const star = starPolygon(c, c * 0.98, 0.2 * size, 0.077 * size);
  const samples = 4; // 4 × 4 supersampling for smooth edges
  const [k1, k2, k3, k4] = [37 / size, 19 / size, 29 / size, 11 / size];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const px = x + (sx + 0.5) / samples;
          const py = y + (sy + 0.5) / samples;
          const r = Math.hypot(px - c, py - c);
          if (
            (r <= ring.outer && r >= ring.inner) ||
            (r <= thin.outer && r >= thin.inner) ||
            insidePolygon(star, px, py)
          ) {
            covered++;
          }
        }
      }
      if (!covered) continue;
      // Real stamps print unevenly: a smooth, slight thinning of the ink (smooth so the PNG stays small).
      const ink = 0.82 + 0.18 * (0.5 + 0.5 * Math.sin(x * k1 + y * k2) * Math.cos(y * k3 - x * k4));
      const i = (y * size + x) * 4;
      rgba[i] = 0xd0;
      rgba[i + 1] = 0x1c;
      rgba[i + 2] = 0x1f;
      rgba[i + 3] = Math.round((255 * ink * covered) / (samples * samples));
    }
  }
  return encodePng(size, size, rgba);
}

function starPolygon(cx: number, cy: number, outer: number, inner: number): [number, number][] {
  const points: [number, number][] = [];
  for (let k = 0; k < 10; k++) {
    const r = k % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    points.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return points;
}

function insidePolygon(points: [number, number][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i] as [number, number];
    const [xj, yj] = points[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A minimal PNG encoder: 8-bit RGBA, no filtering, one IDAT chunk. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter type: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, no filter, no interlace
  return concat([
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
