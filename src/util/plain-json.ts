/**
 * The value of `text` when it is JSON with no key twice in one object and nested no deeper than
 * MAX_DEPTH, else undefined: the caller then reads it with the YAML parser, which accepts every
 * JSON text, reports a duplicate key (or nesting too deep for it) as an error with its position,
 * and takes ten times as long (10 ms for a 10 KB resume.json in a fresh process, against under
 * 1 ms).
 */
export function plainJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return needsYaml(text) ? undefined : value;
}

/**
 * Far deeper than any profile nests (JSON Resume: four levels), and shallow enough that the rest
 * of the build, which walks values recursively, cannot run out of stack on it.
 */
const MAX_DEPTH = 64;

/**
 * Whether an object of a valid JSON text names a key twice (keys are compared as JSON.parse reads
 * them, so `"a"` and `"\u0061"` are the same key), or its values nest deeper than MAX_DEPTH.
 */
function needsYaml(text: string): boolean {
  // One entry per open object or array: the keys of an object seen so far, or null for an array.
  const open: (Set<string> | null)[] = [];
  // Whether the next string in the innermost object is a key (after `{` or `,`), not a value.
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c /* \ */) {
          escaped = true;
          i++;
        }
      }
      const keys = open[open.length - 1];
      if (keyNext && keys) {
        const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
        if (keys.has(key)) return true;
        keys.add(key);
        keyNext = false;
      }
    } else if (c === 0x7b /* { */) {
      if (open.push(new Set()) > MAX_DEPTH) return true;
      keyNext = true;
    } else if (c === 0x5b /* [ */) {
      if (open.push(null) > MAX_DEPTH) return true;
      keyNext = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      keyNext = false;
    } else if (c === 0x2c /* , */) {
      keyNext = open[open.length - 1] !== null && open.length > 0;
    }
  }
  return false;
}
