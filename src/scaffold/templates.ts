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

social: []
#   - { label: GitHub, url: "https://github.com/you" }

# search: false        # no /search/ page or index
# socialCards: false   # no generated og:image cards
`;
}

export function resumeTemplate(name: string): string {
  return JSON.stringify(
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
  ) + '\n';
}

export function articleTemplate(title: string, date: string): string {
  return `---
title: ${JSON.stringify(title)}
date: ${date}
description: One or two sentences that show up in lists, feeds and link previews.
categories: [Engineering]
tags: []
draft: true
---

Write here. Remove \`draft: true\` when it is ready to publish.

## A section

Code blocks are highlighted when the build runs:

\`\`\`ts
export function greet(name: string): string {
  return \`Hello, \${name}\`;
}
\`\`\`

> [!TIP]
> Alerts, tables, footnotes and task lists all work.
`;
}

export function caseStudyTemplate(title: string, date: string, kind: 'case-study' | 'postmortem'): string {
  const postmortem = kind === 'postmortem'
    ? `severity: SEV-2
impact: Who was affected, for how long, and how badly.
detection: How you found out, and how long that took.
timeline:
  - { at: "${date} 09:00", event: What happened first }
  - { at: "${date} 09:20", event: What fixed it }
rootCause: The cause under the trigger.
actionItems:
  - Something that makes this class of failure impossible or obvious
`
    : '';
  return `---
title: ${JSON.stringify(title)}
date: ${date}
kind: ${kind}
description: One sentence with the headline result.
categories: [${kind === 'postmortem' ? 'Failure Analysis' : 'Architecture & Design'}]
tags: []
draft: true
role: Your role
period: "${date.slice(0, 4)}"
stack: [PostgreSQL, Go]
context: Where this happened and why it mattered.
problem: What was wrong, with a number if you have one.
constraints:
  - What you could not change
decisions:
  - decision: What you chose
    alternatives: [What else you weighed]
    why: Why this one won
tradeoffs:
  - What it cost
outcomes:
  - { metric: p99 latency, before: 340, after: 95, unit: ms, better: lower }
lessons:
  - What you would do again, or differently
${postmortem}---

Tell the story: where you started, what you tried, what you got wrong, and what changed.
Replace the example numbers above with your own before removing \`draft: true\`.
`;
}

export const GITIGNORE = `dist/
.casebook/
node_modules/
`;

export function packageTemplate(name: string): string {
  return JSON.stringify(
    {
      name,
      private: true,
      type: 'module',
      scripts: { dev: 'casebook dev', build: 'casebook build', preview: 'casebook preview dist' },
      devDependencies: { casebook: '^0.1.0' },
    },
    null,
    2,
  ) + '\n';
}

export const PAGES_WORKFLOW = `# Builds the site and publishes it to GitHub Pages on every push to main.
# In the repository settings, set Pages > Source to "GitHub Actions".
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: true

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - uses: actions/configure-pages@v5
        id: pages
      - run: npm install
      - run: npx casebook build . --base-url "\${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
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
