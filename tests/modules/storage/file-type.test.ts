import { describe, expect, it } from "vitest";
import {
  contentDisposition,
  encodeRfc5987,
  formatMegabytes,
  nameContradictsContent,
  safeDownloadName,
  sniffFileType,
} from "~/modules/storage/file-type";
import { etagMatches, parseRange } from "~/modules/storage/range";
import { ftyp, jpegLike, mp4Like, pdfLike, pngLike, webpLike } from "./samples";

describe("sniffFileType", () => {
  it("recognises the accepted types from their first bytes", () => {
    expect(sniffFileType(jpegLike())).toMatchObject({ kind: "image", contentType: "image/jpeg" });
    expect(sniffFileType(pngLike())).toMatchObject({ kind: "image", contentType: "image/png" });
    expect(sniffFileType(webpLike())).toMatchObject({ kind: "image", contentType: "image/webp" });
    expect(sniffFileType(pdfLike())).toMatchObject({ kind: "pdf", contentType: "application/pdf" });
    expect(sniffFileType(mp4Like())).toMatchObject({
      kind: "video",
      contentType: "video/mp4",
      extension: "mp4",
    });
  });

  it("accepts the usual MP4 brands, and an unusual major brand with an MP4 compatible brand", () => {
    for (const brand of ["isom", "mp41", "mp42", "avc1", "iso2", "iso5", "M4V ", "dash"]) {
      expect(sniffFileType(ftyp(brand, [])), brand).toMatchObject({ kind: "video" });
    }
    expect(sniffFileType(ftyp("XAVC", ["XAVC", "mp42", "iso2"]))).toMatchObject({ kind: "video" });
  });

  it("refuses QuickTime, audio-only and HEIF boxes even with an MP4 compatible brand", () => {
    expect(sniffFileType(ftyp("qt  ", ["qt  "]))).toBeNull();
    expect(sniffFileType(ftyp("qt  ", ["qt  ", "isom"]))).toBeNull();
    expect(sniffFileType(ftyp("M4A ", ["M4A ", "mp42", "isom"]))).toBeNull();
    expect(sniffFileType(ftyp("heic", ["mif1", "heic"]))).toBeNull();
    expect(sniffFileType(ftyp("3gp4", ["3gp4"]))).toBeNull();
  });

  it("refuses text, HTML, SVG, GIF, a RIFF that is not WebP, and too few bytes", () => {
    expect(sniffFileType(Buffer.from("just some text, named report.pdf"))).toBeNull();
    expect(sniffFileType(Buffer.from("<!doctype html><script>alert(1)</script>"))).toBeNull();
    expect(sniffFileType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffFileType(Buffer.from("GIF89a\x01\x00\x01\x00"))).toBeNull();
    expect(sniffFileType(Buffer.from("RIFF\x10\x00\x00\x00WAVEfmt "))).toBeNull();
    expect(sniffFileType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffFileType(new Uint8Array())).toBeNull();
    // "ftyp" at offset 4 but an impossible box size
    const bad = ftyp("isom");
    bad.writeUInt32BE(9, 0);
    expect(sniffFileType(bad)).toBeNull();
  });
});

describe("nameContradictsContent", () => {
  const png = sniffFileType(pngLike());
  const mp4 = sniffFileType(mp4Like());
  it("flags a known extension that names another type", () => {
    if (!png || !mp4) throw new Error("samples");
    expect(nameContradictsContent("截图.mp4", png)).toBe(true);
    expect(nameContradictsContent("video.MOV", mp4)).toBe(true);
    expect(nameContradictsContent("report.docx", sniffFileType(pdfLike()) ?? png)).toBe(true);
  });
  it("accepts matching, missing and unknown extensions", () => {
    if (!png || !mp4) throw new Error("samples");
    expect(nameContradictsContent("截图.PNG", png)).toBe(false);
    expect(nameContradictsContent("clip.m4v", mp4)).toBe(false);
    expect(nameContradictsContent("screenshot", png)).toBe(false);
    expect(nameContradictsContent("export.final-v2", png)).toBe(false);
  });
});

describe("safeDownloadName and Content-Disposition", () => {
  it("keeps Chinese in filename* and gives an ASCII fallback", () => {
    const name = safeDownloadName("2024-QWFB-0007 权威发布案例", "mp4");
    expect(name).toEqual({ name: "2024-QWFB-0007 权威发布案例.mp4", ascii: "2024-QWFB-0007.mp4" });
    const header = contentDisposition("attachment", name);
    expect(header).toBe(
      `attachment; filename="2024-QWFB-0007.mp4"; filename*=UTF-8''2024-QWFB-0007%20%E6%9D%83%E5%A8%81%E5%8F%91%E5%B8%83%E6%A1%88%E4%BE%8B.mp4`,
    );
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? "";
    expect(decodeURIComponent(encoded)).toBe("2024-QWFB-0007 权威发布案例.mp4");
  });

  it("removes paths, quotes, control characters and direction overrides", () => {
    expect(safeDownloadName('../../etc/"passwd"\r\nX-Evil: 1', "pdf").name).toBe("etc passwd X-Evil 1.pdf");
    expect(safeDownloadName("invoice\u202Egpj.exe", "pdf").name).toBe("invoice gpj.exe.pdf");
    expect(safeDownloadName("...", "png")).toEqual({ name: "file.png", ascii: "file.png" });
    expect(safeDownloadName("全中文名称", "pdf")).toEqual({ name: "全中文名称.pdf", ascii: "file.pdf" });
    expect([...safeDownloadName("长".repeat(300), "mp4").name]).toHaveLength(104);
  });

  it("encodes the characters RFC 5987 leaves out of attr-char", () => {
    expect(encodeRfc5987("a'b(c)*d!")).toBe("a%27b%28c%29%2Ad!");
    const header = contentDisposition("inline", safeDownloadName("it's (final)", "png"));
    // The ASCII fallback keeps only letters, digits and "._ -"; filename* has the real name.
    expect(header).toBe(`inline; filename="it_s _final.png"; filename*=UTF-8''it%27s%20%28final%29.png`);
    expect(/[^\x20-\x7e]/.test(header)).toBe(false);
  });

  it("formats limits in megabytes", () => {
    expect(formatMegabytes(500 * 1024 * 1024)).toBe("500 MB");
    expect(formatMegabytes(1536 * 1024)).toBe("1.5 MB");
    expect(formatMegabytes(64 * 1024)).toBe("64 KB");
  });
});

describe("parseRange", () => {
  it("reads the three single-range forms and clamps to the file", () => {
    expect(parseRange("bytes=0-99", 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=900-", 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange("bytes=-10", 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange("bytes=-5000", 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange("bytes=990-5000", 1000)).toEqual({ start: 990, end: 999 });
  });
  it("calls ranges past the end unsatisfiable", () => {
    expect(parseRange("bytes=1000-", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=2000-3000", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 1000)).toBe("unsatisfiable");
  });
  it("ignores what it does not serve", () => {
    expect(parseRange(null, 1000)).toBeNull();
    expect(parseRange("items=0-1", 1000)).toBeNull();
    expect(parseRange("bytes=0-1,5-6", 1000)).toBeNull();
    expect(parseRange("bytes=5-1", 1000)).toBeNull();
    expect(parseRange("bytes=-", 1000)).toBeNull();
    expect(parseRange("bytes=99999999999999999999-", 1000)).toBeNull();
  });
  it("compares ETags weakly for If-None-Match", () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc", "def"', '"abc"')).toBe(true);
    expect(etagMatches("*", '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
    expect(etagMatches(null, '"abc"')).toBe(false);
  });
});
