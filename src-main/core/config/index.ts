/** Portable configuration: one JSON file with settings, providers (never keys), models, prices, profiles, budgets. */
export { CONFIG_KIND, CONFIG_VERSION, ConfigFileSchema, type ConfigFile } from './format';
export { exportConfig, type ConfigExport, type ExportOptions } from './export';
export { importConfig, type ConfigImportResult, type ConfigTarget, type ImportOptions } from './import';
export { CONFIG_MIGRATIONS, migrateConfig, type ConfigMigration } from './migrations';
export type { ConfigProblem } from './problems';
export { checkEdit } from './references';
