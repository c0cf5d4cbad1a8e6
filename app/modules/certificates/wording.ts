/**
 * The words printed on a certificate, apart from the layout (pure, so tests can read them).
 */

export type CertificateSubject =
  /** Case categories: the certificate names the entry (参评案例). */
  | { kind: "entry"; title: string }
  /** Account categories: it names the government new-media account (政务新媒体账号). */
  | { kind: "account"; name: string };

export const TITLE = "荣誉证书";
export const TITLE_EN = "CERTIFICATE OF HONOUR";
export const CLOSING = "特发此证，以资鼓励。";
export const NUMBER_LABEL = "证书编号：";
export const VERIFY_HINT = "扫码验证 / Scan to verify";

/** "2026-11-23" → "2026年11月23日" (the calendar date as given, no time zone involved). */
export function formatChineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`expected a date as YYYY-MM-DD: ${isoDate}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`no such date: ${isoDate}`);
  }
  return `${year}年${month}月${day}日`;
}

/** The recipient line: the unit's name followed by a full-width colon. */
export function recipientLine(unitName: string): string {
  return `${unitName.trim()}：`;
}

/** The sentence between recipient and award (two full-width spaces indent it, as in print). */
export function bodySentence(editionName: string, subject: CertificateSubject): string {
  const edition = editionName.trim();
  return subject.kind === "entry"
    ? `\u3000\u3000贵单位报送的案例《${subject.title.trim()}》在${edition}中荣获`
    : `\u3000\u3000贵单位运营的政务新媒体账号“${subject.name.trim()}”在${edition}中荣获`;
}

/** The award as printed: category and tier, e.g. "权威发布　一等奖". */
export function awardLine(categoryName: string, tierName: string): string {
  return `${categoryName.trim()}\u3000${tierName.trim()}`;
}
