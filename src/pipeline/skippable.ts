/** Optional outputs a build can leave out (`--skip og,search`). Its own module: the CLI checks flags without loading the build. */
export const SKIPPABLE = ['og', 'search'] as const;
export type SkippableOutput = (typeof SKIPPABLE)[number];
