export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  /** Stable rule name, e.g. `broken-link`, `img-alt`, `html/valid-id`. */
  rule: string;
  /** File the problem is in: an output file (`writing/x/index.html`) or a source file. */
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface CheckReport {
  /** What was checked: the built folder, or the site folder built in memory. */
  target: string;
  files: number;
  pages: number;
  errors: number;
  warnings: number;
  findings: Finding[];
}
