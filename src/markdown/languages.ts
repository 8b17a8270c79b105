import type { HLJSApi, Language, Mode } from 'highlight.js';

/**
 * Grammars highlight.js does not ship that engineers' posts use often: PromQL (Prometheus
 * queries) and HCL (Terraform, Nomad, Packer). Small on purpose: they colour what a reader
 * scans for (functions, keywords, labels, strings, durations, block types), not every token.
 */

const PROMQL_FUNCTIONS = [
  'abs', 'absent', 'absent_over_time', 'avg_over_time', 'ceil', 'changes', 'clamp', 'clamp_max', 'clamp_min', 'count_over_time',
  'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'delta', 'deriv', 'double_exponential_smoothing', 'exp', 'floor',
  'histogram_avg', 'histogram_count', 'histogram_fraction', 'histogram_quantile', 'histogram_stddev', 'histogram_stdvar', 'histogram_sum',
  'holt_winters', 'hour', 'idelta', 'increase', 'irate', 'label_join', 'label_replace', 'last_over_time', 'ln', 'log10', 'log2',
  'mad_over_time', 'max_over_time', 'min_over_time', 'minute', 'month', 'predict_linear', 'present_over_time', 'quantile_over_time',
  'rate', 'resets', 'round', 'scalar', 'sgn', 'sort', 'sort_by_label', 'sort_by_label_desc', 'sort_desc', 'sqrt', 'stddev_over_time',
  'stdvar_over_time', 'sum_over_time', 'time', 'timestamp', 'vector', 'year',
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio',
];

export function promql(hljs: HLJSApi): Language {
  const strings: Mode = {
    scope: 'string',
    variants: [{ begin: '"', end: '"' }, { begin: "'", end: "'" }, { begin: '`', end: '`' }],
    contains: [hljs.BACKSLASH_ESCAPE],
  };
  const duration: Mode = { scope: 'number', match: /\b(?:\d+(?:ms|s|m|h|d|w|y))+\b/ };
  return {
    name: 'PromQL',
    aliases: ['prometheus'],
    keywords: {
      keyword: ['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'atan2'],
      built_in: PROMQL_FUNCTIONS,
      literal: ['Inf', 'NaN'],
    },
    contains: [
      hljs.HASH_COMMENT_MODE,
      strings,
      // Label matchers: {job="api", code=~"5.."}; the label names are what a reader looks for.
      {
        begin: /\{/, end: /\}/,
        contains: [
          { scope: 'attr', match: /[a-zA-Z_][\w]*(?=\s*(?:=~|!~|!=|=))/ },
          { scope: 'operator', match: /=~|!~|!=|=/ },
          strings,
        ],
      },
      // Range and subquery selectors: [5m], [1h:1m].
      { begin: /\[/, end: /\]/, contains: [duration] },
      duration,
      { scope: 'number', match: /\b(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\b/ },
      { scope: 'operator', match: /==|!=|>=|<=|[-+*/%^<>]/ },
    ],
  };
}

const HCL_FUNCTIONS = [
  'abs', 'abspath', 'alltrue', 'anytrue', 'base64decode', 'base64encode', 'basename', 'can', 'ceil', 'chomp', 'chunklist', 'cidrhost',
  'cidrnetmask', 'cidrsubnet', 'cidrsubnets', 'coalesce', 'coalescelist', 'compact', 'concat', 'contains', 'csvdecode', 'dirname',
  'distinct', 'element', 'endswith', 'file', 'fileexists', 'fileset', 'filebase64', 'flatten', 'floor', 'format', 'formatdate',
  'formatlist', 'indent', 'index', 'join', 'jsondecode', 'jsonencode', 'keys', 'length', 'lookup', 'lower', 'max', 'md5', 'merge',
  'min', 'nonsensitive', 'one', 'parseint', 'pathexpand', 'range', 'regex', 'regexall', 'replace', 'reverse', 'sensitive', 'setintersection',
  'setproduct', 'setsubtract', 'setunion', 'sha1', 'sha256', 'slice', 'sort', 'split', 'startswith', 'strrev', 'substr', 'sum',
  'templatefile', 'timeadd', 'timestamp', 'title', 'tobool', 'tolist', 'tomap', 'tonumber', 'toset', 'tostring', 'transpose', 'trim',
  'trimprefix', 'trimspace', 'trimsuffix', 'try', 'upper', 'urlencode', 'uuid', 'values', 'yamldecode', 'yamlencode', 'zipmap',
];

export function hcl(hljs: HLJSApi): Language {
  const keywords = {
    keyword: ['for', 'in', 'if', 'else', 'endif', 'endfor'],
    literal: ['true', 'false', 'null'],
    built_in: HCL_FUNCTIONS,
  };
  const interpolation: Mode = { scope: 'subst', begin: /[$%]\{/, end: /\}/, keywords };
  const string: Mode = { scope: 'string', begin: '"', end: '"', contains: [hljs.BACKSLASH_ESCAPE, interpolation] };
  const heredoc: Mode = hljs.END_SAME_AS_BEGIN({ scope: 'string', begin: /<<-?\s*([A-Za-z_]\w*)\s*$/, end: /^\s*([A-Za-z_]\w*)\s*$/, contains: [interpolation] });
  interpolation.contains = [string, hljs.C_NUMBER_MODE];
  return {
    name: 'HCL',
    aliases: ['terraform', 'tf', 'tfvars', 'hcl2', 'nomad', 'packer'],
    keywords,
    contains: [
      hljs.HASH_COMMENT_MODE,
      hljs.C_LINE_COMMENT_MODE,
      hljs.C_BLOCK_COMMENT_MODE,
      heredoc,
      string,
      // A block's type opens a line and is followed by labels or a brace: resource "aws_s3_bucket" "logs" {
      { match: [/^[ \t]*/, /[A-Za-z_][\w-]*/, /(?=[ \t]+(?:"|\{|[A-Za-z_][\w-]*[ \t]*\{))/], scope: { 2: 'keyword' } },
      { scope: 'attr', match: /[A-Za-z_][\w-]*(?=[ \t]*=(?!=))/ },
      hljs.C_NUMBER_MODE,
      { scope: 'operator', match: /=>|==|!=|>=|<=|&&|\|\||[?:!<>*/%+-]/ },
    ],
  };
}

/** Adds the grammars above to a highlight.js instance (once). */
export function registerLanguages(h: HLJSApi): void {
  if (!h.getLanguage('promql')) h.registerLanguage('promql', promql);
  if (!h.getLanguage('hcl')) h.registerLanguage('hcl', hcl);
}
