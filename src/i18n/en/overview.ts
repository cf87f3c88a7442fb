/** Strings of the Overview tab (keys start with 'overview.'). */
export const overview = {
} as const;
