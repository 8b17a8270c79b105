import { importModule } from './import-module.js';

/**
 * Loads a package that only one command needs (database drivers, the browser driver). They are
 * optional peer dependencies, so `npm install casebook` stays light; the caller turns `undefined`
 * into a catalogued error that says how to install the package.
 */
export async function importOptional<T>(name: string): Promise<T | undefined> {
  try {
    return await importModule<T>(name);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Only the package itself being absent means "not installed"; a broken install of it, or a
    // missing dependency of it, is a different problem and must surface as it is.
    if ((err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND') && err.message.includes(`'${name}'`)) return undefined;
    throw e;
  }
}
