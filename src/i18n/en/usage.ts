/** Strings of the Usage tab (keys start with 'usage.'). */
export const usage = {
} as const;
