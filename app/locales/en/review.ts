import type { review as zh } from "../zh-CN/review";

/** English: review. Typed against zh-CN so a missing or extra key fails the type check. */
export const review: Record<keyof typeof zh, string> = {};
