/** Strings of the Credits tab (keys start with 'credits.'). */
export const credits = {
} as const;
