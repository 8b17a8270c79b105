// Measures the functions of a source tree (scripts/function-lengths.ts prints them;
// test/function-lengths.test.ts fails when a build or emit function grows past the limit).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** Issue 16: no function in the build or emit code over about 80 lines. */
export const LINE_LIMIT = 80;

/** The folders of src/ the limit holds for. */
export const CHECKED_FOLDERS: readonly string[] = ['pipeline', 'emit'];

/** One function, method, constructor, accessor or arrow function and its length. */
export interface FunctionLength {
  /** Path relative to the tree, with `/`. */
  file: string;
  /** The name it is known by; an unnamed one is named after where it stands, e.g. `(arrow in renderPosts)`. */
  name: string;
  /** First line (1-based) of the function itself, after its comments. */
  line: number;
  /** Lines from its first line to its last, both counted; nested functions count in their parent too. */
  lines: number;
}

/** The source files below `dir` that are code, not tests or declarations. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.test\.ts$|\.d\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/** The name a declaration gives, where it has a simple one. */
function declaredName(name: ts.Node | undefined, file: ts.SourceFile): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return name.getText(file);
}

/** The name of a function: its own, the variable or property it is assigned to, or where it stands. */
function functionName(node: ts.FunctionLikeDeclaration, file: ts.SourceFile, enclosing: string | undefined): string {
  const own = declaredName(node.name, file);
  if (own) {
    if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
      const owner = ts.isClassLike(node.parent) ? node.parent.name?.text : undefined;
      return owner ? `${owner}.${own}` : own;
    }
    return own;
  }
  if (ts.isConstructorDeclaration(node)) return `${ts.isClassLike(node.parent) ? (node.parent.name?.text ?? '(class)') : '(class)'}.constructor`;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    const assigned = declaredName(parent.name, file);
    if (assigned) return assigned;
  }
  const kind = ts.isArrowFunction(node) ? 'arrow' : 'function';
  return enclosing ? `(${kind} in ${enclosing})` : `(${kind})`;
}

/** Every function of one file with its length, outermost first. */
export function measureSource(text: string, file: string): FunctionLength[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: FunctionLength[] = [];
  const visit = (node: ts.Node, enclosing: string | undefined): void => {
    let inside = enclosing;
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as ts.FunctionLikeDeclaration;
      const name = functionName(fn, source, enclosing);
      const first = source.getLineAndCharacterOfPosition(fn.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(fn.getEnd()).line;
      out.push({ file, name, line: first + 1, lines: last - first + 1 });
      inside = name;
    }
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  visit(source, undefined);
  return out;
}

/** Every function below `dir` (paths relative to `root`). */
export function measureTree(dir: string, root: string = dir): FunctionLength[] {
  return sourceFiles(dir).flatMap((path) => measureSource(readFileSync(path, 'utf8'), relative(root, path).split(sep).join('/')));
}

/** The functions longer than `limit`, longest first. */
export function longFunctions(functions: readonly FunctionLength[], limit: number = LINE_LIMIT): FunctionLength[] {
  return functions.filter((f) => f.lines > limit).sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
}

/** The functions over the limit in the checked folders of `srcDir` (or all of it), for the test and the script. */
export function lengthReport(srcDir: string, opts: { all?: boolean; limit?: number } = {}): FunctionLength[] {
  const limit = opts.limit ?? LINE_LIMIT;
  const measured = opts.all ? measureTree(srcDir) : CHECKED_FOLDERS.flatMap((folder) => measureTree(join(srcDir, folder), srcDir));
  return longFunctions(measured, limit);
}

/** One line per function: `  116  pipeline/markdown-phase.ts:53  renderPosts`. */
export function formatLengths(functions: readonly FunctionLength[]): string {
  return functions.map((f) => `${String(f.lines).padStart(5)}  ${f.file}:${f.line}  ${f.name}`).join('\n');
}
