/*
 * An uploaded seal must be a PNG that can be transparent around the stamp: colour type 4 or 6
 * (grey or RGB with alpha), or a palette/RGB/grey image with a tRNS chunk. A seal on a white
 * square would cover the organizers' names printed under it.
 */

export type SealProblem = "certificate.sealNotPng" | "certificate.sealNoAlpha";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sealProblem(bytes: Uint8Array): SealProblem | null {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return "certificate.sealNotPng";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkType = (at: number) => String.fromCharCode(...bytes.subarray(at + 4, at + 8));
  if (chunkType(8) !== "IHDR") return "certificate.sealNotPng";
  const colourType = bytes[25];
  if (colourType === 4 || colourType === 6) return null;
  // Walk the chunks up to the image data looking for a transparency chunk.
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = chunkType(at);
    if (type === "tRNS") return null;
    if (type === "IDAT" || type === "IEND") break;
    at += 12 + length;
  }
  return "certificate.sealNoAlpha";
}
