/** 简体中文: storage (attachment uploads). */
export const storage = {
  "upload.tooLarge": "文件超过 {max}，请压缩后再上传。",
  "upload.totalTooLarge": "这次上传的文件合计超过 {max}，请分几次上传。",
  "upload.empty": "文件是空的。",
  "upload.unknownType": "文件类型不支持：只接受 JPG、PNG、WebP 图片，PDF 文档和 MP4 视频。",
  "upload.typeMismatch": "文件类型不符：文件内容是 {detected}，与扩展名 .{extension} 不一致。",
  "upload.kindNotAllowed": "此处不能上传{kind}，可上传：{allowed}。",
  "upload.tooManyFiles": "一次最多上传 {max} 个文件。",
  "upload.entryFull": "每个案例最多 {max} 个附件，此案例已有 {n} 个；请先删除不需要的附件。",
  "upload.quotaExceeded":
    "本单位在本届评选上传的附件合计不能超过 {max}（已用 {used}）；请先删除不需要的附件，或压缩后再上传。",
  "upload.failed": "上传没有完成，请重试。",
  "upload.progress": "上传进度",
  "upload.progressValue": "已上传 {loaded} / {total}（{percent}%）",
  "upload.processing": "文件已上传，正在处理……",
  "upload.kind.image": "图片",
  "upload.kind.pdf": "PDF 文档",
  "upload.kind.video": "MP4 视频",
} as const;
