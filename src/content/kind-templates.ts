// The files `casebook new <kind>` starts for the built-in kinds (kinds.ts declares which kind uses
// which), also the starter posts of `casebook init`.

/** A new article: the front matter every article has, as a draft. */
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

const CATEGORY = { 'case-study': 'Architecture & Design', retrospective: 'Retrospectives', postmortem: 'Failure Analysis' } as const;

export function caseStudyTemplate(title: string, date: string, kind: 'case-study' | 'retrospective' | 'postmortem'): string {
  const postmortem =
    kind === 'postmortem'
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
categories: [${CATEGORY[kind]}]
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

/**
 * A template as a published post (`casebook init`'s starter posts): without `draft: true`, and
 * without the lines that tell the reader to remove it.
 */
export function published(template: string): string {
  return template
    .replace('draft: true\n', '')
    .replace(
      'Write here. Remove `draft: true` when it is ready to publish.',
      'Write here. This post is published; add `draft: true` to its front matter to hide it.',
    )
    .replace(' before removing `draft: true`.', '.');
}
