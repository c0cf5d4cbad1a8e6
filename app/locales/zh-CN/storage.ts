/** 简体中文: storage. */
export const storage = {} as const;
