/**
 * The key a case-insensitive unique value is stored and looked up by (emails, role and
 * group names): trimmed and lower-cased. Key columns compare byte for byte on every engine.
 */
export const caseKey = (value: string): string => value.trim().toLowerCase();
