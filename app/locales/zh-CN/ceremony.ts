/** 简体中文: the ceremony screen shown on the forum's projector (颁奖典礼大屏). */
export const ceremony = {
  "ceremony.pageTitle": "{edition} · 颁奖典礼",
  "ceremony.ceremony": "颁奖典礼",
  "ceremony.presentedBy": "主办单位",
  "ceremony.categoryLead": "共 {n} 个获奖",
  "ceremony.continued": "（续 {page}/{pages}）",
  "ceremony.noAwards": "尚无获奖名单",
  "ceremony.closingTitle": "祝贺所有获奖单位",
  "ceremony.closingThanks": "感谢各位评委与参评单位的支持",
  "ceremony.progress": "第 {n} / {total} 步",
  "ceremony.help": "→ / 空格 / PageDown 下一步 · ← / PageUp 上一步 · Home / End 首尾 · F 全屏",
  "ceremony.rehearsal": "彩排模式：名单尚未公布，仅主办方可见",
  "ceremony.source.notice": "数据来源：公示名单",
  "ceremony.source.tally": "数据来源：当前计分结果",
  "ceremony.slides": "颁奖典礼幻灯片",
} as const;
