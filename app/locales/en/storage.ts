import type { storage as zh } from "../zh-CN/storage";

/** English: storage. Typed against zh-CN so a missing or extra key fails the type check. */
export const storage: Record<keyof typeof zh, string> = {};
