/**
 * The seams of the code base, as rules over its import graph (dependency-cruiser). `build/dependencies.test.ts`
 * runs them in `npm test`; `npx depcruise -c .dependency-cruiser.cjs src-main src-contract src-preload
 * src-renderer` prints the same verdict. Type-only imports count: a circle of types is still a circle. What the page
 * bundle may carry at run time (zod-free contract modules only) is checked on the graph as the bundler sees it, with
 * types erased, by `src-renderer/src/bundle-boundaries.test.ts`.
 */
const CORE = '^src-main/core/';
/** Layers of the core below the services: they never reach up into what is built on them. */
const BELOW_SERVICES = `${CORE}(providers|policies|catalogue|ledger|storage|vault|logging|redaction|structured|context)/`;
const ABOVE = `${CORE}(services|planning|batch|bridge|app-[a-z-]+\\.ts$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'No import circles, type-only ones included: a module and what it imports are read in one direction.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-layers',
      comment:
        'Providers, policies, catalogue, ledger, storage, structured output and context never import the services, planning, batch or the composition root.',
      severity: 'error',
      from: { path: BELOW_SERVICES },
      to: { path: ABOVE },
    },
    {
      name: 'core-is-not-a-host',
      comment: 'The core is plain Node: it never imports a host (and so never Electron).',
      severity: 'error',
      from: { path: CORE },
      to: { path: '^src-main/hosts/' },
    },
    {
      name: 'providers-public-face',
      comment:
        'Outside providers/, only its public face is imported: index, and the SDK-free types, errors and token counter.',
      severity: 'error',
      from: { path: '^src-main/', pathNot: '^src-main/core/providers/' },
      to: {
        path: '^src-main/core/providers/',
        pathNot: '^src-main/core/providers/(index|types|errors|token-count)\\.ts$',
      },
    },
    {
      name: 'features-independent',
      comment:
        'A renderer feature never imports another: shared pieces live in components/ or lib/, and app/ composes the features.',
      severity: 'error',
      from: { path: '^src-renderer/src/features/([^/]+)/' },
      to: { path: '^src-renderer/src/features/', pathNot: '^src-renderer/src/features/$1/' },
    },
    {
      name: 'shared-renderer-code-below-features',
      comment:
        'Stores, components, lib and the bridge client serve the features; they never import one (nor app/).',
      severity: 'error',
      from: { path: '^src-renderer/src/(stores|components|lib|bridge)/' },
      to: { path: '^src-renderer/src/(features|app)/' },
    },
    {
      name: 'contract-stands-alone',
      comment: 'The contract is shared by main, preload and renderer: it imports none of them.',
      severity: 'error',
      from: { path: '^src-contract/' },
      to: { path: '^src-(main|preload|renderer)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.test\\.tsx?|\\.test-data\\.ts)$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.web.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
