/** 简体中文: entries. */
export const entries = {} as const;
