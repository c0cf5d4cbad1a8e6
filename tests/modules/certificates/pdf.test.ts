/**
 * Renders real certificates and checks them with the tools a reader's viewer resembles: text
 * extraction alone is not enough (a badly subset CJK font extracts fine and draws blank), so the
 * pages are also rasterised and inspected for ink, mupdf must report no font problem, and the QR
 * code must decode to the verify address.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CertificateInput, renderCertificate } from "~/modules/certificates/pdf.server";
import { demoSealPng } from "~/modules/certificates/seal.server";
import { requireTool } from "../../support/system-tools";

const tools =
  requireTool("pdftotext", "poppler-utils") &&
  requireTool("pdftoppm", "poppler-utils") &&
  requireTool("pdffonts", "poppler-utils") &&
  requireTool("mutool", "mupdf-tools") &&
  requireTool("zbarimg", "zbar-tools");

const W = 841.89;
const H = 595.28;

const base: CertificateInput = {
  editionName: "2026年度广东省政务新媒体优秀案例评选",
  categoryName: "权威发布",
  tierName: "一等奖",
  unitName: "东莞市人民政府新闻办公室",
  subject: { kind: "entry", title: "“莞”住安全线：台风“海葵”期间全市政务新媒体矩阵联动发布" },
  date: "2026-11-23",
  organizers: ["南方报业传媒集团", "中山大学传播与设计学院"],
  number: "PX-2026-QWFB-001",
  verifyUrl: "https://pingxuan.example.org/verify/ABCDEFGHJKLMNPQRSTUVWXYZ23",
};

// 200 characters, Chinese with Latin words and punctuation, as a real long title can be.
const longTitle =
  "关于“数字政府”建设背景下政务新媒体矩阵协同传播 Government New Media Matrix 的实践探索：以台风“海葵”应急发布、民生服务、政策解读为例的全流程复盘"
    .repeat(3)
    .slice(0, 200);

let dir = "";
const file = (name: string) => path.join(dir, name);

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}

/** A grey-scale raster of page 1 (binary PGM, which needs no decoder). */
function raster(pdf: string, dpi: number) {
  const out = file(`${path.basename(pdf, ".pdf")}-${dpi}`);
  expect(run("pdftoppm", ["-r", String(dpi), "-gray", "-singlefile", pdf, out]).status).toBe(0);
  const bytes = readFileSync(`${out}.pgm`);
  // Header: "P5\n<width> <height>\n<maxval>\n" then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 40).toString("latin1"));
  if (!header) throw new Error("not a binary PGM");
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = bytes.subarray(header[0].length);
  const scale = dpi / 72;
  /** Share of dark pixels (text ink, not the paper tint) in a box given in points from the top left. */
  const ink = (x: number, top: number, w: number, h: number) => {
    let dark = 0;
    let all = 0;
    for (let py = Math.floor(top * scale); py < Math.ceil((top + h) * scale); py++) {
      for (let px = Math.floor(x * scale); px < Math.ceil((x + w) * scale); px++) {
        all++;
        if ((pixels[py * width + px] ?? 255) < 128) dark++;
      }
    }
    return dark / all;
  };
  return { width, height, ink };
}

type Word = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };

function words(pdf: string): Word[] {
  const html = run("pdftotext", ["-bbox", pdf, "-"]).stdout;
  return [
    ...html.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ),
  ].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5] ?? "",
  }));
}

const text = (pdf: string) => run("pdftotext", ["-layout", pdf, "-"]).stdout.replace(/\s+/g, "");

async function write(name: string, input: CertificateInput) {
  writeFileSync(file(name), await renderCertificate(input));
  return file(name);
}

describe.skipIf(!tools)("certificate PDF", () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "certificate-"));
  });
  afterAll(() => {
    if (dir && !process.env.KEEP_CERT_TEST_FILES) rmSync(dir, { recursive: true, force: true });
  });

  it("carries the unit, the award, the entry, the date and the number as searchable text", async () => {
    const pdf = await write("plain.pdf", base);
    const t = text(pdf);
    for (const expected of [
      "东莞市人民政府新闻办公室",
      "权威发布",
      "一等奖",
      "“莞”住安全线：台风“海葵”期间全市政务新媒体矩阵联动发布",
      "2026年度广东省政务新媒体优秀案例评选",
      "特发此证，以资鼓励。",
      "2026年11月23日",
      "南方报业传媒集团",
      "中山大学传播与设计学院",
      "PX-2026-QWFB-001",
      "扫码验证/Scantoverify",
    ]) {
      expect(t).toContain(expected);
    }
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("draws the glyphs: the text areas carry ink when rendered", async () => {
    const pdf = await write("ink.pdf", base);
    const page = raster(pdf, 50);
    expect(page.width).toBeGreaterThan(page.height); // landscape
    // Boxes in points from the top left; a blank-glyph font leaves them at 0 %.
    const areas = {
      title: page.ink(280, 80, 280, 65),
      recipient: page.ink(100, 182, 280, 28),
      sentence: page.ink(100, 225, 640, 60),
      award: page.ink(330, 305, 180, 30),
      closing: page.ink(140, 395, 180, 22),
      organizers: page.ink(520, 445, 210, 50),
      date: page.ink(560, 497, 130, 20),
      number: page.ink(180, 490, 140, 14),
    };
    for (const [area, share] of Object.entries(areas)) {
      expect.soft(share, area).toBeGreaterThan(0.03);
    }
    // The margins stay blank (no stray text outside the frame).
    expect(page.ink(40, 300, 50, 100)).toBe(0);
  });

  it("embeds its fonts, and mupdf renders it without a font error", async () => {
    const pdf = await write("fonts.pdf", { ...base, seal: demoSealPng() });
    const fonts = run("pdffonts", [pdf]).stdout.trim().split("\n").slice(2);
    expect(fonts.length).toBe(2);
    for (const line of fonts) expect(line).toMatch(/CID TrueType\s+Identity-H\s+yes\s+\S+\s+yes/);
    const draw = run("mutool", ["draw", "-q", "-o", file("fonts-%d.png"), "-r", "40", pdf]);
    expect(draw.status).toBe(0);
    const complaints = draw.stderr
      .split("\n")
      .filter((l) => l.trim() && !/ICC support is not available/.test(l));
    expect(complaints).toEqual([]);
  });

  it("draws characters outside the common set (GB 2312) too", async () => {
    // 堃 and 喆 are in names but not in GB 2312: they come from the full font, not the common cut.
    const pdf = await write("rare.pdf", { ...base, unitName: "深圳市堃喆融媒体中心" });
    expect(text(pdf)).toContain("深圳市堃喆融媒体中心");
    expect(raster(pdf, 50).ink(100, 182, 240, 28)).toBeGreaterThan(0.03);
    const draw = run("mutool", ["draw", "-q", "-o", file("rare-%d.png"), "-r", "40", pdf]);
    expect(draw.stderr.split("\n").filter((l) => l.trim() && !/ICC support/.test(l))).toEqual([]);
  });

  it("would catch the blank-glyph trap: fontkit's own CJK subsetting fails both checks", async () => {
    // The way that must not be used: pdf-lib/fontkit subsetting the CJK font itself.
    const { PDFDocument } = await import("pdf-lib");
    const fontkit = (await import("@pdf-lib/fontkit")).default;
    const { createRequire } = await import("node:module");
    const ttf = readFileSync(
      createRequire(import.meta.url).resolve(
        "@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf",
      ),
    );
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(ttf, { subset: true });
    doc.addPage([W, H]).drawText("东莞市人民政府新闻办公室", { x: 100, y: H - 210, size: 22, font });
    writeFileSync(file("trap.pdf"), await doc.save());

    expect(text(file("trap.pdf"))).toContain("东莞市人民政府新闻办公室"); // extraction is fooled…
    // …the raster is not (most glyphs draw blank; the few that survive are chance)…
    const good = raster(await write("good.pdf", base), 50).ink(100, 182, 280, 28);
    expect(raster(file("trap.pdf"), 50).ink(100, 182, 280, 28)).toBeLessThan(good / 2);
    const draw = run("mutool", ["draw", "-q", "-o", file("trap-%d.png"), "-r", "40", file("trap.pdf")]);
    expect(draw.stderr).toMatch(/invalid outline|cannot render glyph/); // …nor is mupdf.
  });

  it("has a QR code that decodes to the verify address", async () => {
    const pdf = await write("qr.pdf", base);
    const out = file("qr");
    expect(run("pdftoppm", ["-r", "150", "-png", "-singlefile", pdf, out]).status).toBe(0);
    const scan = run("zbarimg", ["--quiet", "--raw", `${out}.png`]);
    expect(scan.stdout.trim()).toBe(base.verifyUrl);
  });

  it("prints the seal in red over the organizers without hiding them", async () => {
    const pdf = await write("seal.pdf", { ...base, seal: demoSealPng() });
    const out = file("seal");
    expect(run("pdftoppm", ["-r", "50", "-singlefile", pdf, out]).status).toBe(0);
    const bytes = readFileSync(`${out}.ppm`);
    const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 40).toString("latin1"));
    if (!header) throw new Error("not a binary PPM");
    const width = Number(header[1]);
    const px = bytes.subarray(header[0].length);
    const s = 50 / 72;
    let red = 0;
    let dark = 0;
    for (let y = Math.floor(440 * s); y < Math.ceil(520 * s); y++) {
      for (let x = Math.floor(540 * s); x < Math.ceil(720 * s); x++) {
        const [r, g, b] = [
          px[(y * width + x) * 3] ?? 0,
          px[(y * width + x) * 3 + 1] ?? 0,
          px[(y * width + x) * 3 + 2] ?? 0,
        ];
        if (r > 150 && g < 120 && b < 120) red++;
        if (r < 90 && g < 90 && b < 90) dark++;
      }
    }
    expect(red).toBeGreaterThan(100);
    expect(dark).toBeGreaterThan(20); // the organizers' names still show through the ink
    expect(text(pdf)).toContain("南方报业传媒集团");
  });

  it("keeps a 200-character entry title and unit name whole and inside the frame", async () => {
    expect([...longTitle]).toHaveLength(200);
    const longUnit = "广东省东莞市松山湖高新技术产业开发区管理委员会党政办公室（新闻中心）"
      .repeat(6)
      .slice(0, 200);
    for (const [name, input] of [
      ["long-title.pdf", { ...base, subject: { kind: "entry", title: longTitle } }],
      ["long-both.pdf", { ...base, unitName: longUnit, subject: { kind: "entry", title: longTitle } }],
      ["long-account.pdf", { ...base, unitName: longUnit, subject: { kind: "account", name: longTitle } }],
    ] as const) {
      const pdf = await write(name, input);
      const all = words(pdf);
      expect(all.length).toBeGreaterThan(10);
      for (const w of all) {
        // Inside the inner frame line (36 pt from the edge).
        expect.soft(w.xMin, `${name}: ${w.text}`).toBeGreaterThanOrEqual(40);
        expect.soft(w.xMax, `${name}: ${w.text}`).toBeLessThanOrEqual(W - 40);
        expect.soft(w.yMin, `${name}: ${w.text}`).toBeGreaterThanOrEqual(40);
        expect.soft(w.yMax, `${name}: ${w.text}`).toBeLessThanOrEqual(H - 40);
      }
      // Nothing was cut, and the text blocks do not run into each other.
      const t = text(pdf);
      expect(t).toContain(longTitle.replace(/\s+/g, ""));
      expect(t).toContain(input.unitName.replace(/\s+/g, ""));
      expect(t).not.toContain("…");
      const award = all.find((w) => w.text.includes("权威发布"));
      const closing = all.find((w) => w.text.includes("特发此证"));
      const lastOfSentence = all.find((w) => w.text.includes("荣获"));
      expect(award && closing && lastOfSentence).toBeTruthy();
      if (award && closing && lastOfSentence) {
        expect(lastOfSentence.yMax).toBeLessThanOrEqual(award.yMin);
        expect(award.yMax).toBeLessThanOrEqual(closing.yMin);
      }
    }
  });
});
