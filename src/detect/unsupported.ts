import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstExisting, isDir, isFile } from './config-file.js';

/** A site generator Casebook cannot read, and the file that gives it away. */
export interface UnsupportedSite {
  name: string;
  file: string;
}

/** Hexo, Gatsby and the like also answer to signs of supported tools (Hexo has `_config.yml`), so they are checked first. */
const MARKERS: { name: string; files: string[]; dependency?: string }[] = [
  { name: 'Hexo', files: ['package.json'], dependency: 'hexo' },
  { name: 'Gatsby', files: ['gatsby-config.js', 'gatsby-config.ts', 'gatsby-config.mjs'] },
  { name: 'Docusaurus', files: ['docusaurus.config.js', 'docusaurus.config.ts', 'docusaurus.config.mjs'] },
  {
    name: 'VuePress',
    files: ['.vuepress/config.js', '.vuepress/config.ts', 'docs/.vuepress/config.js', 'docs/.vuepress/config.ts', 'src/.vuepress/config.js'],
  },
  {
    name: 'VitePress',
    files: [
      '.vitepress/config.js',
      '.vitepress/config.ts',
      '.vitepress/config.mts',
      'docs/.vitepress/config.ts',
      'docs/.vitepress/config.mts',
      'docs/.vitepress/config.js',
    ],
  },
  { name: 'Pelican', files: ['pelicanconf.py'] },
  { name: 'MkDocs', files: ['mkdocs.yml', 'mkdocs.yaml'] },
  { name: 'Gridsome', files: ['gridsome.config.js'] },
];

/** The unsupported generator whose config sits at `root`, if any. */
export function detectUnsupported(root: string): UnsupportedSite | undefined {
  for (const m of MARKERS) {
    const file = firstExisting(root, m.files);
    if (!file) continue;
    if (m.dependency && !hasDependency(join(root, file), m.dependency)) continue;
    return { name: m.name, file };
  }
  // Hexo sites without a package.json still have its folder layout.
  if (isFile(join(root, '_config.yml')) && isDir(join(root, 'source', '_posts')) && isDir(join(root, 'scaffolds')))
    return { name: 'Hexo', file: '_config.yml' };
  return undefined;
}

function hasDependency(packageJson: string, name: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    return [pkg.dependencies, pkg.devDependencies].some((d) => d !== null && typeof d === 'object' && name in d);
  } catch {
    return false;
  }
}
