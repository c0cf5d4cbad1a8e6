import type { storage as zh } from "../zh-CN/storage";

/** English: storage (attachment uploads). Typed against zh-CN so a missing or extra key fails the type check. */
export const storage: Record<keyof typeof zh, string> = {
  "upload.tooLarge": "The file is larger than {max}. Please make it smaller and upload it again.",
  "upload.totalTooLarge":
    "The files in this upload add up to more than {max}. Please upload them in several goes.",
  "upload.empty": "The file is empty.",
  "upload.unknownType":
    "This file type is not accepted: only JPG, PNG and WebP images, PDF documents and MP4 videos.",
  "upload.typeMismatch":
    "The file type does not match: the content is {detected}, not what the extension .{extension} says.",
  "upload.kindNotAllowed": "You cannot upload {kind} here. Accepted: {allowed}.",
  "upload.tooManyFiles": "At most {max} files at a time.",
  "upload.entryFull":
    "An entry takes at most {max} attachments and this one has {n}; remove one you no longer need first.",
  "upload.quotaExceeded":
    "Your unit's attachments in this edition may total at most {max} ({used} used); remove attachments you no longer need, or compress the files.",
  "upload.failed": "The upload did not finish. Please try again.",
  "upload.progress": "Upload progress",
  "upload.progressValue": "{loaded} of {total} sent ({percent}%)",
  "upload.processing": "Upload complete; processing the file…",
  "upload.kind.image": "an image",
  "upload.kind.pdf": "a PDF document",
  "upload.kind.video": "an MP4 video",
};
