// Checks for values read back from files a site folder holds (caches, stamps), which a cloned
// site can bring and anyone who can write the site can edit: each reader accepts exactly the
// shape Casebook writes, built from these.

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const arrayOf = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(item);
export const optional = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || check(v);
