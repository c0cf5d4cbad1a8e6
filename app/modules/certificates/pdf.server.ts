import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";
import fontkit from "@pdf-lib/fontkit";
import {
  BlendMode,
  type Color,
  fill,
  type PDFContext,
  PDFDocument,
  type PDFFont,
  PDFImage,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
  PngEmbedder,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setCharacterSpacing,
  setFillingRgbColor,
} from "pdf-lib";
import QRCode from "qrcode";
import subsetFont from "subset-font";
import { type Fitted, fitText } from "./layout";
import {
  awardLine,
  bodySentence,
  type CertificateSubject,
  CLOSING,
  formatChineseDate,
  NUMBER_LABEL,
  recipientLine,
  TITLE,
  TITLE_EN,
  VERIFY_HINT,
} from "./wording";

/**
 * One certificate (荣誉证书) as an A4 landscape PDF.
 *
 * Text is real text in Noto Serif SC (SIL OFL, installed with npm), subset per document to the
 * characters on the page with HarfBuzz (subset-font) and embedded with pdf-lib's own subsetting off.
 * Letting pdf-lib/fontkit subset the CJK font instead writes glyphs that extract as text but draw
 * blank, and so does reusing one parsed font across documents: only the raw TTF bytes are cached.
 * See docs/decisions/011-certificate-pdfs.md.
 */
export type CertificateInput = {
  editionName: string;
  categoryName: string;
  tierName: string;
  unitName: string;
  subject: CertificateSubject;
  /** Calendar date of the award, YYYY-MM-DD; printed as 2026年11月23日. */
  date: string;
  /** Issuing organizers (主办单位), one per line. */
  organizers: string[];
  /** Certificate number, e.g. PX-2026-QWFB-001 (see numbering.ts). */
  number: string;
  /** Absolute address of the verify page; the QR code opens it. */
  verifyUrl: string;
  /** Seal (公章) as PNG bytes, transparent around the stamp; printed over organizers and date. */
  seal?: Uint8Array | null;
};

// A4 landscape, in points.
const W = 841.89;
const H = 595.28;
const MARGIN = 100; // text margin left and right
const TEXT_WIDTH = W - 2 * MARGIN;

const RED = rgb(0.62, 0.1, 0.11);
const GOLD = rgb(0.72, 0.57, 0.26);
const INK = rgb(0.12, 0.12, 0.12);
const GREY = rgb(0.4, 0.4, 0.4);
const PAPER = rgb(1, 0.992, 0.965);

type Fonts = { regular: PDFFont; bold: PDFFont };
type Weight = "400Regular" | "700Bold";

const require = createRequire(import.meta.url);
const fontFiles = new Map<Weight, Promise<Buffer>>();

/** The raw TTF bytes of a weight, read once per process (resolved from the installed package). */
function fontFile(weight: Weight): Promise<Buffer> {
  let file = fontFiles.get(weight);
  if (!file) {
    file = readFile(require.resolve(`@expo-google-fonts/noto-serif-sc/${weight}/NotoSerifSC_${weight}.ttf`));
    file.catch(() => fontFiles.delete(weight));
    fontFiles.set(weight, file);
  }
  return file;
}

const SUBSET_OPTIONS = {
  targetFormat: "sfnt",
  keepFeatures: [],
  noLayoutClosure: true,
  noHinting: true,
  dropTables: ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "VORG"],
} as const;

/**
 * The characters nearly every certificate is written in: GB 2312 (the 6,763 common hanzi and its
 * symbols), ASCII and Latin-1, general and CJK punctuation, full-width forms.
 */
const COMMON_CHARACTERS: string = (() => {
  let out = "";
  const range = (from: number, to: number) => {
    for (let cp = from; cp <= to; cp++) out += String.fromCodePoint(cp);
  };
  range(0x20, 0x7e);
  range(0xa0, 0xff);
  range(0x2010, 0x2027);
  range(0x3000, 0x303f);
  range(0xff01, 0xff5e);
  try {
    const gb2312 = new TextDecoder("gbk");
    for (let hi = 0xa1; hi <= 0xf7; hi++) {
      for (let lo = 0xa1; lo <= 0xfe; lo++) {
        const ch = gb2312.decode(Uint8Array.of(hi, lo));
        if (ch !== "\ufffd") out += ch;
      }
    }
  } catch {
    // A Node built without full ICU has no GBK decoder: every document then subsets the full font.
  }
  return out;
})();
const COMMON_SET = new Set(COMMON_CHARACTERS);
const commonSubsets = new Map<Weight, Promise<Buffer>>();

/**
 * The font cut down once per process to the common characters (about 3 MB instead of 14 MB):
 * subsetting a document from it is several times faster, as HarfBuzz copies and walks the whole
 * input font on every call. These are bytes, not a parsed font, so nothing parsed is shared.
 */
function commonSubset(weight: Weight): Promise<Buffer> {
  let bytes = commonSubsets.get(weight);
  if (!bytes) {
    bytes = fontFile(weight).then((file) => subsetFont(file, COMMON_CHARACTERS, SUBSET_OPTIONS));
    bytes.catch(() => commonSubsets.delete(weight));
    commonSubsets.set(weight, bytes);
  }
  return bytes;
}

/**
 * A subset of the font with exactly these characters. No hinting (viewers scale outlines anyway)
 * and no layout tables: pdf-lib only needs the character map, outlines and advance widths, and the
 * layout closure over a CJK font's OpenType features costs ten times the rest of the subsetting.
 * A rare character outside the common set makes this document subset the full font.
 */
async function subset(weight: Weight, text: string): Promise<Uint8Array> {
  const common = [...text].every((ch) => COMMON_SET.has(ch));
  return subsetFont(await (common ? commonSubset(weight) : fontFile(weight)), text, SUBSET_OPTIONS);
}

type DecodedPng = { rgbChannel: Uint8Array; alphaChannel?: Uint8Array; bitsPerComponent: number };
const seals = new Map<string, Promise<PngEmbedder>>();

/**
 * A seal decoded and compressed once and reused by every certificate that carries it (an edition's
 * certificates all carry the same seal). pdf-lib's own embedPng decodes the PNG and deflates its
 * pixels in JavaScript for every document, which cost more than the rest of the certificate. Only
 * pixel data is shared, never a parsed font.
 */
function sealEmbedder(png: Uint8Array): Promise<PngEmbedder> {
  const key = createHash("sha256").update(png).digest("hex");
  let prepared = seals.get(key);
  if (!prepared) {
    prepared = PngEmbedder.for(png).then((embedder) => {
      const image = (embedder as unknown as { image: DecodedPng }).image;
      const rgbData = deflateSync(image.rgbChannel);
      const alphaData = image.alphaChannel ? deflateSync(image.alphaChannel) : null;
      const common = {
        Type: "XObject",
        Subtype: "Image",
        Width: embedder.width,
        Height: embedder.height,
        BitsPerComponent: image.bitsPerComponent,
        Filter: "FlateDecode",
      };
      return Object.assign(embedder, {
        // Same objects as pdf-lib's PngEmbedder writes, from the already compressed data.
        embedIntoContext: async (context: PDFContext, ref?: PDFRef) => {
          const SMask = alphaData
            ? context.register(
                context.stream(alphaData, { ...common, ColorSpace: "DeviceGray", Decode: [0, 1] }),
              )
            : undefined;
          const xObject = context.stream(rgbData, { ...common, ColorSpace: "DeviceRGB", SMask });
          if (!ref) return context.register(xObject);
          context.assign(ref, xObject);
          return ref;
        },
      });
    });
    prepared.catch(() => seals.delete(key));
    seals.set(key, prepared);
    // A handful of seals at most are in use at once; forget the oldest beyond that.
    for (const old of seals.keys()) {
      if (seals.size <= 8) break;
      seals.delete(old);
    }
  }
  return prepared;
}

export async function renderCertificate(input: CertificateInput): Promise<Uint8Array> {
  const date = formatChineseDate(input.date);
  const texts = {
    title: TITLE,
    titleEn: TITLE_EN,
    recipient: recipientLine(input.unitName),
    body: bodySentence(input.editionName, input.subject),
    award: awardLine(input.categoryName, input.tierName),
    closing: CLOSING,
    organizers: input.organizers.map((o) => o.trim()).filter(Boolean),
    date,
    number: `${NUMBER_LABEL}${input.number}`,
    hint: VERIFY_HINT,
  };
  const boldText = texts.title + texts.recipient + texts.award;
  const regularText = [
    texts.titleEn,
    texts.body,
    texts.closing,
    ...texts.organizers,
    texts.date,
    texts.number,
    texts.hint,
  ].join("");

  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  // pdf-lib compresses the embedded fonts with a JavaScript deflate; Node's native zlib writes the
  // same kind of stream in a fraction of the time.
  const context = pdf.context;
  context.flateStream = (contents, dict) =>
    context.stream(deflateSync(typeof contents === "string" ? Buffer.from(contents, "latin1") : contents), {
      ...dict,
      Filter: "FlateDecode",
    });
  pdf.setTitle(`${TITLE} ${input.number}`);
  pdf.setSubject(`${texts.award} — ${input.unitName.trim()}`);
  pdf.setCreator("Pingxuan");
  pdf.setProducer("Pingxuan");
  pdf.setLanguage("zh-CN");

  // "…" is always in the subset: fitting may end a cut line with it.
  const [regularBytes, boldBytes] = await Promise.all([
    subset("400Regular", `${regularText}… `),
    subset("700Bold", `${boldText}… `),
  ]);
  const fonts: Fonts = {
    regular: await pdf.embedFont(regularBytes, { subset: false }),
    bold: await pdf.embedFont(boldBytes, { subset: false }),
  };

  const page = pdf.addPage([W, H]);
  drawFrame(page);
  drawTitle(page, fonts);

  // The flowing part: recipient, sentence, award, closing. Each block shrinks and wraps in its box;
  // the sentence gets whatever height the recipient leaves.
  const measure = (font: PDFFont) => (s: string) => font.widthOfTextAtSize(s, 1);
  const top = 412;
  const recipient = fitText(texts.recipient, {
    maxWidth: TEXT_WIDTH,
    maxHeight: 84,
    maxSize: 22,
    minSize: 11,
    lineHeight: 1.45,
    measure: measure(fonts.bold),
  });
  const award = fitText(texts.award, {
    maxWidth: TEXT_WIDTH,
    maxHeight: 60,
    maxSize: 30,
    minSize: 14,
    lineHeight: 1.3,
    maxLines: 1,
    measure: measure(fonts.bold),
  });
  const closingSize = 18;
  const closingBaseline = 178;
  const gap = 14;
  const awardTop = closingBaseline + closingSize * 1.6 + award.height;
  const bodyTop = top - recipient.height - gap;
  const body = fitText(texts.body, {
    maxWidth: TEXT_WIDTH,
    maxHeight: bodyTop - awardTop - gap,
    maxSize: 18,
    minSize: 9,
    lineHeight: 1.75,
    measure: measure(fonts.regular),
  });

  drawBlock(page, recipient, { font: fonts.bold, x: MARGIN, top, color: INK, lineHeight: 1.45 });
  drawBlock(page, body, { font: fonts.regular, x: MARGIN, top: bodyTop, color: INK, lineHeight: 1.75 });
  // The award sits centred between the sentence and the closing line.
  const bodyBottom = bodyTop - body.height;
  const awardSpace = bodyBottom - (closingBaseline + closingSize * 1.2);
  drawBlock(page, award, {
    font: fonts.bold,
    x: W / 2,
    top: closingBaseline + closingSize * 1.2 + (awardSpace + award.height) / 2,
    color: RED,
    lineHeight: 1.3,
    align: "center",
  });
  page.drawText(`\u3000\u3000${texts.closing}`, {
    x: MARGIN,
    y: closingBaseline,
    size: closingSize,
    font: fonts.regular,
    color: INK,
  });

  let seal: PDFImage | null = null;
  if (input.seal) {
    seal = PDFImage.of(pdf.context.nextRef(), pdf, await sealEmbedder(input.seal));
    await seal.embed();
  }
  drawSignature(page, fonts, texts.organizers, date, seal);
  drawVerification(page, fonts, input.verifyUrl, texts.number, texts.hint);

  return pdf.save({ useObjectStreams: true });
}

function drawFrame(page: PDFPage) {
  page.drawRectangle({ x: 0, y: 0, width: W, height: H, color: PAPER });
  const rect = (inset: number, width: number, color: Color) =>
    page.drawRectangle({
      x: inset,
      y: inset,
      width: W - 2 * inset,
      height: H - 2 * inset,
      borderColor: color,
      borderWidth: width,
    });
  rect(22, 6, RED);
  rect(31, 1.2, GOLD);
  rect(36, 0.6, GOLD);

  // A stepped ornament (回纹-like) in each corner, inside the inner line.
  const corner = (cx: number, cy: number, sx: number, sy: number) => {
    const line = (x1: number, y1: number, x2: number, y2: number) =>
      page.drawLine({
        start: { x: cx + sx * x1, y: cy + sy * y1 },
        end: { x: cx + sx * x2, y: cy + sy * y2 },
        thickness: 1.4,
        color: GOLD,
      });
    line(8, 8, 58, 8);
    line(8, 8, 8, 58);
    line(16, 16, 40, 16);
    line(16, 16, 16, 40);
    line(40, 16, 40, 24);
    line(16, 40, 24, 40);
    line(24, 24, 24, 32);
    line(24, 24, 32, 24);
  };
  corner(36, 36, 1, 1);
  corner(W - 36, 36, -1, 1);
  corner(36, H - 36, 1, -1);
  corner(W - 36, H - 36, -1, -1);
}

function drawTitle(page: PDFPage, fonts: Fonts) {
  const size = 50;
  const spacing = size * 0.45;
  const chars = [...TITLE].length;
  const width = fonts.bold.widthOfTextAtSize(TITLE, size) + spacing * (chars - 1);
  page.pushOperators(pushGraphicsState(), setCharacterSpacing(spacing));
  page.drawText(TITLE, { x: (W - width) / 2, y: H - 135, size, font: fonts.bold, color: RED });
  page.pushOperators(popGraphicsState());

  const enSize = 9;
  const enSpacing = 3;
  const enWidth = fonts.regular.widthOfTextAtSize(TITLE_EN, enSize) + enSpacing * (TITLE_EN.length - 1);
  page.pushOperators(pushGraphicsState(), setCharacterSpacing(enSpacing));
  page.drawText(TITLE_EN, {
    x: (W - enWidth) / 2,
    y: H - 158,
    size: enSize,
    font: fonts.regular,
    color: GOLD,
  });
  page.pushOperators(popGraphicsState());
  // Short rules either side of the English line.
  for (const side of [-1, 1]) {
    const inner = W / 2 + side * (enWidth / 2 + 12);
    page.drawLine({
      start: { x: inner, y: H - 155 },
      end: { x: inner + side * 60, y: H - 155 },
      thickness: 0.8,
      color: GOLD,
    });
  }
}

function drawBlock(
  page: PDFPage,
  fitted: Fitted,
  o: { font: PDFFont; x: number; top: number; color: Color; lineHeight: number; align?: "left" | "center" },
) {
  const step = fitted.size * o.lineHeight;
  fitted.lines.forEach((line, i) => {
    // Baseline about 0.8 em below the top of each line box (CJK glyphs ascend ~0.88 em).
    const y = o.top - i * step - (step + fitted.size * 0.6) / 2;
    const width = o.align === "center" ? o.font.widthOfTextAtSize(line, fitted.size) : 0;
    page.drawText(line, { x: o.x - width / 2, y, size: fitted.size, font: o.font, color: o.color });
  });
}

/** Organizers and date, bottom right, each line centred on one axis; the seal over them. */
function drawSignature(
  page: PDFPage,
  fonts: Fonts,
  organizers: string[],
  date: string,
  seal: PDFImage | null,
) {
  const axis = W - MARGIN - 125;
  const maxWidth = 270;
  const dateBaseline = 82;
  const budget = 112; // height available above the date for the organizers
  // One size for all organizer lines: the largest at which every line fits in one line and all fit
  // the height; a name longer than the box at the smallest size is cut with "…".
  let size = 17;
  while (
    size > 9 &&
    (organizers.length * size * 1.55 > budget ||
      organizers.some((o) => fonts.regular.widthOfTextAtSize(o, size) > maxWidth))
  ) {
    size -= 0.5;
  }
  const lines = organizers.map(
    (o) =>
      fitText(o, {
        maxWidth,
        maxHeight: size * 1.55,
        maxSize: size,
        minSize: size,
        lineHeight: 1.55,
        maxLines: 1,
        measure: (s) => fonts.regular.widthOfTextAtSize(s, 1),
      }).lines[0] ?? "",
  );
  const dateSize = Math.min(17, Math.max(size, 14));
  const center = (text: string, y: number, s: number) =>
    page.drawText(text, {
      x: axis - fonts.regular.widthOfTextAtSize(text, s) / 2,
      y,
      size: s,
      font: fonts.regular,
      color: INK,
    });
  center(date, dateBaseline, dateSize);
  const step = size * 1.55;
  const firstBaseline = dateBaseline + dateSize * 1.7 + (lines.length - 1) * step;
  lines.forEach((line, i) => {
    center(line, firstBaseline - i * step, size);
  });

  if (seal) {
    // Like a real 公章: over the organizer's name and the date, slightly off-centre, printed in ink.
    const d = 132;
    const scale = d / Math.max(seal.width, seal.height);
    const blockMiddle = (dateBaseline + firstBaseline + size) / 2;
    page.drawImage(seal, {
      x: axis - (seal.width * scale) / 2 + 18,
      y: blockMiddle - (seal.height * scale) / 2 + 2,
      width: seal.width * scale,
      height: seal.height * scale,
      opacity: 0.9,
      blendMode: BlendMode.Multiply,
    });
  }
}

/** QR code (vector squares, error correction M) with the number and a hint, bottom left. */
function drawVerification(page: PDFPage, fonts: Fonts, url: string, number: string, hint: string) {
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const size = 78;
  const cell = size / n;
  const x0 = MARGIN - 14;
  const y0 = 62;
  // White backing with the quiet zone scanners need, then one rectangle per run of dark modules.
  page.drawRectangle({
    x: x0 - 3 * cell,
    y: y0 - 3 * cell,
    width: size + 6 * cell,
    height: size + 6 * cell,
    color: rgb(1, 1, 1),
  });
  // One path for the whole symbol: a rectangle per run of dark modules in a row, filled once.
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      let end = col;
      while (end < n && qr.modules.get(row, end)) end++;
      ops.push(rectangle(x0 + col * cell, y0 + size - (row + 1) * cell, (end - col) * cell, cell));
      col = end;
    }
  }
  page.pushOperators(...ops, fill(), popGraphicsState());
  const textX = x0 + size + 3 * cell + 8;
  page.drawText(number, { x: textX, y: y0 + 30, size: 10.5, font: fonts.regular, color: INK });
  page.drawText(hint, { x: textX, y: y0 + 12, size: 9, font: fonts.regular, color: GREY });
}
