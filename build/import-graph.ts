/**
 * The code base's import graph, read by dependency-cruiser with the rules of `.dependency-cruiser.cjs` (or
 * others), for tests that hold the seams: `violations()` lists every import that breaks a rule.
 * `runtimeOnly` reads the graph as the bundler sees it, with type-only imports erased.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  cruise,
  type IConfiguration,
  type ICruiseResult,
  type IForbiddenRuleType,
  type IViolation,
} from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

export const ROOT = join(import.meta.dirname, '..');

/** The project's rules and options (`.dependency-cruiser.cjs`). */
export const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as IConfiguration;

export async function violations(
  paths: readonly string[],
  options: { rules?: IForbiddenRuleType[]; runtimeOnly?: boolean; baseDir?: string } = {},
): Promise<IViolation[]> {
  const baseDir = options.baseDir ?? ROOT;
  const tsConfigFile = join(ROOT, config.options?.tsConfig?.fileName ?? 'tsconfig.web.json');
  const result = await cruise(
    [...paths],
    {
      ...config.options,
      baseDir,
      tsPreCompilationDeps: !options.runtimeOnly,
      tsConfig: { fileName: tsConfigFile },
      ruleSet: { forbidden: options.rules ?? config.forbidden ?? [] },
      validate: true,
      outputType: 'json',
    },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  const output = (
    typeof result.output === 'string' ? JSON.parse(result.output) : result.output
  ) as ICruiseResult;
  return output.summary.violations;
}

/** A violation as one readable line: the rule, then the path from the importer to what it may not reach. */
export function describe(violation: IViolation): string {
  const path = violation.cycle ?? violation.via ?? [];
  const steps = [violation.from, ...path.map((step) => step.name)];
  if (path.length === 0) steps.push(violation.to);
  return `${violation.rule.name}: ${steps.join(' → ')}`;
}
