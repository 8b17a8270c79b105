/**
 * The whole number an environment variable sets, from `min` to `max`; undefined when it is unset,
 * empty or anything else (2.5, -1, abc), so the caller keeps its default.
 */
export function envInteger(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const text = process.env[name];
  if (!text) return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}
