/**
 * A site with one post that uses every technical-writing feature (math in each delimiter, a
 * TeX error, titled and marked code, a diff, PromQL, HCL, a wide table, a long code line) and
 * one post without any, for the whole-site and browser tests.
 */
export const TECHNICAL_SITE = `
-- casebook.config.yaml --
title: Tech fixture
baseUrl: https://tech.example.com/
-- content/writing/slo.md --
---
title: Error budgets
date: 2024-05-01
---
The budget is $B = (1 - T)\\,N$ for a target \\(T\\) and $N$ requests, while $5 and $10 stay prices and \\$HOME stays text.
Code spans keep dollars: \`echo $PATH$\`.

$$
r = \\frac{b(t)}{1 - T}
$$

\\[
\\sum_{i=1}^{n} x_i^2
\\]

\`\`\`math
e^{i\\pi} + 1 = 0
\`\`\`

A broken formula $\\frac{1}{$ is shown as written.

\`\`\`ts title="budget.ts" {2-3} showLineNumbers
export function budget(target: number, requests: number): number {
  const allowed = 1 - target;
  return Math.floor(allowed * requests);
}
\`\`\`

\`\`\`ts diff
 const window = 28;
-const budget = errorBudget(target, 7);
+const budget = errorBudget(target, window);
\`\`\`

\`\`\`promql
sum(rate(http_requests_total{job="api", code=~"5.."}[5m])) by (route)
\`\`\`

\`\`\`hcl
resource "aws_s3_bucket" "logs" {
  bucket = "logs-\${var.env}"
}
\`\`\`

\`\`\`sh
curl --silent --show-error --fail --header "Authorization: Bearer $TOKEN" https://api.example.com/v1/services/search/slo/latency/objectives?window=28d&target=0.995&threshold=250ms
\`\`\`

| Alert | Windows | Threshold (burn rate) | Fired after | Cleared after fix | Budget spent before the page |
|---|---|---|---|---|---|
| Old: 28-day ratio | 28 d | 1.0 | 4 d 21 h | 9 d 2 h (never, in practice: silenced) | 100% |
| New: fast burn (page) | 1 h and 5 m | 13.44 | 47 min | 6 min | 2.1% |
-- content/writing/plain.md --
---
title: No math here
date: 2024-04-01
---
Just words, and a price of $5 and $10.
`;
