import { csvLines } from "~/modules/forms/csv";

/*
 * The canonical export of a published list: the bytes served at /e/:slug/results.csv and sealed
 * with their SHA-256 when the list is published. Fixed columns, list order, UTF-8 without a byte
 * order mark, CRLF line ends; the header row is in Chinese and English so the file reads in both.
 * Changing this format changes every seal: add a new format instead.
 */

export type AwardForExport = {
  position: number;
  categoryCode: string;
  categoryName: string;
  tierName: string;
  reference: string;
  unitName: string;
  entryTitle: string;
  accountName: string;
  platform: string;
  link: string;
};

export const AWARDS_CSV_HEADER = [
  "序号 position",
  "类别代码 category_code",
  "奖项类别 category",
  "奖级 tier",
  "编号 reference",
  "参评单位 unit",
  "案例 entry",
  "账号 account",
  "平台 platform",
  "链接 link",
];

export function awardsCsv(rows: AwardForExport[]): string {
  return csvLines([
    AWARDS_CSV_HEADER,
    ...rows.map((r) => [
      String(r.position),
      r.categoryCode,
      r.categoryName,
      r.tierName,
      r.reference,
      r.unitName,
      r.entryTitle,
      r.accountName,
      r.platform,
      r.link,
    ]),
  ]);
}
