// The packages ship no usable declarations for these entry points (domino's declares the
// module under its old name 'domino'); only what src/import uses is declared.
declare module '@mixmark-io/domino' {
  export function createDocument(html?: string, force?: boolean): Document;
  const domino: { createDocument: typeof createDocument };
  export default domino;
}

declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown';
  export const gfm: TurndownService.Plugin;
  export const tables: TurndownService.Plugin;
  export const strikethrough: TurndownService.Plugin;
  export const taskListItems: TurndownService.Plugin;
}
