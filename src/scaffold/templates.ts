/** Starter files for `casebook init`. Dates and names are filled in by init-site.ts. */

export function configTemplate(title: string): string {
  return `# Casebook site configuration. Every key is optional; docs/guide.md lists them all.
# An unknown key is an error that suggests the closest valid one, so typos never pass silently.

title: ${JSON.stringify(title)}
description: A short line about you and what you write about.

# The absolute URL the site is served from. \`casebook build --base-url\` overrides it.
# For a GitHub Pages project site use https://USER.github.io/REPO/ (the workflow sets it).
baseUrl: https://example.com/

# IANA time zone applied to dates written without an offset.
timezone: UTC
lang: en

# Posts per page on /writing/, category and tag pages.
paginate: 10

# Header links. Without this key: Writing, Case studies, and CV when resume.json exists.
# nav:
#   - { label: Writing, url: /writing/ }
#   - { label: Case studies, url: /case-studies/ }
#   - { label: CV, url: /cv/ }

# Links in the footer of every page: replace [] with a list, one item per line.
social: []
# social:
#   - { label: GitHub, url: "https://github.com/you" }

# search: false        # no /search/ page or index
# socialCards: false   # no generated og:image cards
`;
}

export function resumeTemplate(name: string): string {
  return (
    JSON.stringify(
      {
        $schema: 'https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json',
        basics: {
          name,
          label: 'Software engineer',
          email: 'you@example.com',
          summary: 'Two or three sentences about the systems you build and what you care about.',
          location: { city: 'Your city', countryCode: 'NL' },
          profiles: [{ network: 'GitHub', username: 'you', url: 'https://github.com/you' }],
        },
        work: [
          {
            name: 'Your current company',
            position: 'Senior engineer',
            startDate: '2022-01',
            summary: 'What the team does, in one sentence.',
            highlights: ['An outcome with a number in it, e.g. cut p99 latency from 340 ms to 95 ms'],
          },
        ],
        education: [{ institution: 'Your university', area: 'Computer Science', studyType: 'BSc', startDate: '2014', endDate: '2018' }],
        skills: [{ name: 'Languages', keywords: ['TypeScript', 'Go', 'SQL'] }],
        languages: [{ language: 'English', fluency: 'Fluent' }],
      },
      null,
      2,
    ) + '\n'
  );
}

export const GITIGNORE = `dist/
.casebook/
node_modules/
`;

/**
 * The site's package.json pins the Casebook that wrote it: an upgrade is a deliberate edit
 * (CHANGELOG.md says what changed), never a surprise in CI. allowScripts lets npm 11 run the
 * install steps of Casebook's image and bundler packages without asking.
 */
export function packageTemplate(name: string, casebookVersion: string): string {
  return (
    JSON.stringify(
      {
        name,
        private: true,
        type: 'module',
        scripts: { dev: 'casebook dev', build: 'casebook build', preview: 'casebook preview dist', check: 'casebook check' },
        devDependencies: { casebook: casebookVersion },
        engines: { node: '>=20' },
        allowScripts: { esbuild: true, sharp: true },
      },
      null,
      2,
    ) + '\n'
  );
}

/** Node.js release the workflow builds with: the current Active LTS line (26 since October 2026). */
export const WORKFLOW_NODE = 26;

export const PAGES_WORKFLOW = `# Builds the site and publishes it to GitHub Pages on every push to main, and once a day so
# that posts dated in the future appear on their day without a push.
# In the repository settings, set Pages > Source to "GitHub Actions", and commit the
# package-lock.json that \`npm install\` writes so every build uses the same Casebook.
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  schedule:
    # 05:17 UTC every day; a minute past the hour's rush, when GitHub delays scheduled runs.
    - cron: "17 5 * * *"
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One deploy at a time, and a deploy that has started is never cancelled halfway: the next
# run waits for it instead.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-node@v5
        with:
          node-version: ${WORKFLOW_NODE}
      - uses: actions/configure-pages@v5
        id: pages
      # Rendered pages and social cards from the last run: only what changed is rendered again.
      - uses: actions/cache@v4
        with:
          path: .casebook/cache
          key: casebook-\${{ runner.os }}-\${{ github.sha }}
          restore-keys: casebook-\${{ runner.os }}-
      - name: Install
        run: if [ -f package-lock.json ]; then npm ci; else npm install; fi
      - name: Build
        run: npx casebook build . --base-url "\${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v4
        with:
          path: dist

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - uses: actions/deploy-pages@v4
        id: deployment
`;
