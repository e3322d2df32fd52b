/**
 * Lets a child process run the project's TypeScript with Node 24's built-in type stripping, as the bundler would
 * resolve it: `@contract/x` to src-contract/x.ts, extensionless relative imports to their `.ts` file, and `.json`
 * imports as JSON modules. Used with `node --import <this file> file.ts` by tests that need a real separate
 * process and by the ledger benchmark.
 */
import { registerHooks } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, resolve } from 'node:path';

const contract = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../src-contract');

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('@contract/')) {
      return nextResolve(
        pathToFileURL(resolve(contract, `${specifier.slice('@contract/'.length)}.ts`)).href,
        context,
      );
    }
    if (
      (specifier.startsWith('./') || specifier.startsWith('../')) &&
      !/\.[a-z]+$/i.test(specifier) &&
      context.parentURL
    ) {
      const candidate = resolve(dirname(fileURLToPath(context.parentURL)), `${specifier}.ts`);
      if (existsSync(candidate)) return nextResolve(pathToFileURL(candidate).href, context);
    }
    const resolved = nextResolve(specifier, context);
    if (resolved.url.endsWith('.json')) return { ...resolved, importAttributes: { type: 'json' } };
    return resolved;
  },
});
