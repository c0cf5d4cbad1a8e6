import type { entries as zh } from "../zh-CN/entries";

/** English: entries. Typed against zh-CN so a missing or extra key fails the type check. */
export const entries: Record<keyof typeof zh, string> = {};
