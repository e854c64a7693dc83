export * from './obligations.enums';
export { ObligationsModule } from './obligations.module';
export { ObligationsEngineModule } from './obligations-engine.module';
export { ensureStatutoryRules } from './statutory-rules';
