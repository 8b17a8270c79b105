/**
 * Why reading one of a site's files failed, in words, for the errors a reader can act on: a
 * link that loops or points at nothing, or no permission. Undefined for any other error code:
 * each caller says those its own way.
 */
export function readFailure(code: string | undefined): string | undefined {
  switch (code) {
    case 'ELOOP':
      return 'it is a symbolic link that loops back on itself';
    case 'ENOENT':
      return 'it is a symbolic link to a file that does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'there is no permission to read it';
    default:
      return undefined;
  }
}
