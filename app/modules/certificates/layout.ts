/**
 * Line breaking and fitting for the text boxes of a certificate (pure: widths come from a callback).
 *
 * Rules, kept deliberately small:
 *  - a CJK character (Han, kana, hangul, full-width forms) may break before or after itself;
 *  - a run of other characters (a Latin word, a number, "PX-2026-QWFB-001") is kept whole unless it
 *    is wider than the box on its own, then it is split between characters;
 *  - spaces are break opportunities and vanish at a line break;
 *  - closing punctuation (，。）》」 …) never starts a line and opening punctuation (（《「 …) never
 *    ends one (the usual 避头尾 rule), so they stick to their neighbour.
 *
 * Widths are linear in the font size, so the callback measures at size 1 and each piece is measured
 * once, whatever number of sizes fitting tries.
 */

/** Width of `text` at font size 1 (in the unit of the box, points on a PDF page). */
export type MeasureAtUnitSize = (text: string) => number;

type Token = { text: string; width: number; spaceBefore: boolean };

const CLOSING = new Set([..."，。、；：！？）》」』】〕〉”’…—％,.;:!?)]}%"]);
const OPENING = new Set([..."（《「『【〔〈“‘([{"]);

/** Characters after which, and before which, a line may break. */
export function isCjk(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) || // CJK radicals, punctuation, kana, CJK unified ideographs
    (cp >= 0xac00 && cp <= 0xd7af) || // hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff00 && cp <= 0xffef) || // full-width and half-width forms
    (cp >= 0x20000 && cp <= 0x3ffff) // supplementary ideographs
  );
}

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\u00a0";
}

/** Splits text into unbreakable pieces, gluing punctuation to its neighbour. */
function tokenize(text: string, measure: MeasureAtUnitSize): Token[] {
  const raw: { text: string; spaceBefore: boolean }[] = [];
  let word = "";
  let space = false;
  const flush = () => {
    if (word) raw.push({ text: word, spaceBefore: space });
    if (word) space = false;
    word = "";
  };
  for (const ch of text) {
    if (isSpace(ch)) {
      flush();
      space = raw.length > 0;
    } else if (isCjk(ch) || CLOSING.has(ch) || OPENING.has(ch)) {
      flush();
      raw.push({ text: ch, spaceBefore: space });
      space = false;
    } else {
      word += ch;
    }
  }
  flush();

  // 避头尾: closing punctuation joins the piece before it, opening punctuation the piece after it.
  const glued: { text: string; spaceBefore: boolean }[] = [];
  let pendingOpen: { text: string; spaceBefore: boolean } | null = null;
  for (const piece of raw) {
    const first = [...piece.text][0] ?? "";
    const prev = glued[glued.length - 1];
    if (pendingOpen) {
      pendingOpen.text += piece.spaceBefore ? ` ${piece.text}` : piece.text;
      if (!(piece.text.length === 1 && OPENING.has(first))) {
        glued.push(pendingOpen);
        pendingOpen = null;
      }
    } else if (OPENING.has(first) && piece.text.length === 1) {
      pendingOpen = { ...piece };
    } else if (CLOSING.has(first) && piece.text.length === 1 && prev && !piece.spaceBefore) {
      prev.text += piece.text;
    } else {
      glued.push({ ...piece });
    }
  }
  if (pendingOpen) glued.push(pendingOpen);
  return glued.map((t) => ({ ...t, width: measure(t.text) }));
}

/**
 * Greedy line breaking at one font size. A piece wider than the box on its own is split between
 * characters (the only case where a Latin word is cut).
 */
function breakTokens(
  tokens: Token[],
  maxWidth: number,
  size: number,
  spaceWidth: number,
  measure: MeasureAtUnitSize,
) {
  const limit = maxWidth / size;
  const lines: string[] = [];
  let line = "";
  let width = 0;
  const push = () => {
    if (line.trim()) lines.push(line.trimEnd());
    line = "";
    width = 0;
  };
  for (const token of tokens) {
    const gap = line && token.spaceBefore ? spaceWidth : 0;
    if (width + gap + token.width <= limit + 1e-9) {
      line += (gap ? " " : "") + token.text;
      width += gap + token.width;
      continue;
    }
    if (token.width <= limit + 1e-9) {
      push();
      line = token.text;
      width = token.width;
      continue;
    }
    // Too wide for any line: start it on a fresh line and cut it between characters.
    push();
    for (const ch of token.text) {
      const w = measure(ch);
      if (width + w > limit + 1e-9 && line) push();
      line += ch;
      width += w;
    }
  }
  push();
  return lines;
}

/** Breaks `text` into lines no wider than `maxWidth` at font size `size`. */
export function breakLines(
  text: string,
  maxWidth: number,
  size: number,
  measure: MeasureAtUnitSize,
): string[] {
  return breakTokens(tokenize(text, measure), maxWidth, size, measure(" "), measure);
}

export type FitOptions = {
  maxWidth: number;
  maxHeight: number;
  /** Largest and smallest font sizes to try, in points. */
  maxSize: number;
  minSize: number;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
  /** At most this many lines, whatever the height allows (e.g. 1 for a one-line award). */
  maxLines?: number;
  /** Step between sizes tried (default 0.5 pt). */
  step?: number;
  measure: MeasureAtUnitSize;
};

export type Fitted = {
  size: number;
  lines: string[];
  /** Height of the block: lines × size × lineHeight. */
  height: number;
  /** True when even `minSize` did not fit and the last line was cut with "…". */
  truncated: boolean;
};

/**
 * The largest size (from maxSize down to minSize) at which the text, wrapped, fits the box. When even
 * minSize does not fit, it keeps the lines that fit and ends the last one with "…", so the text never
 * leaves its box.
 */
export function fitText(text: string, options: FitOptions): Fitted {
  const { maxWidth, maxHeight, maxSize, minSize, lineHeight, measure } = options;
  const step = options.step ?? 0.5;
  // Only ASCII white space is trimmed: a leading 　　 (U+3000) is the paragraph indent.
  const tokens = tokenize(text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ""), measure);
  const spaceWidth = measure(" ");
  const linesAllowed = (size: number) =>
    Math.max(
      1,
      Math.min(
        options.maxLines ?? Number.POSITIVE_INFINITY,
        Math.floor(maxHeight / (size * lineHeight) + 1e-9),
      ),
    );

  for (let size = maxSize; size >= minSize - 1e-9; size -= step) {
    const lines = breakTokens(tokens, maxWidth, size, spaceWidth, measure);
    if (lines.length <= linesAllowed(size)) {
      return { size, lines, height: lines.length * size * lineHeight, truncated: false };
    }
  }

  const size = minSize;
  const allowed = linesAllowed(size);
  const lines = breakTokens(tokens, maxWidth, size, spaceWidth, measure).slice(0, allowed);
  const limit = maxWidth / size;
  const ellipsis = "…";
  let last = lines[allowed - 1] ?? "";
  while (last && measure(last + ellipsis) > limit) last = [...last].slice(0, -1).join("");
  lines[allowed - 1] = last.trimEnd() + ellipsis;
  return { size, lines, height: lines.length * size * lineHeight, truncated: true };
}
