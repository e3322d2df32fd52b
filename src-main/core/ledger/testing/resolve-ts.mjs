/**
 * Lets a child process run the project's TypeScript with Node 24's built-in type stripping: `@contract/x`
 * resolves to src-contract/x.ts and extensionless relative imports to their `.ts` file, as the bundler does.
 * Used with `node --import ./resolve-ts.mjs file.ts` by tests that need a real separate process.
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
    return nextResolve(specifier, context);
  },
});
