/** 简体中文: review. */
export const review = {} as const;
