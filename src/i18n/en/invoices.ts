/** Strings of the Invoices tab (keys start with 'invoices.'). */
export const invoices = {
} as const;
