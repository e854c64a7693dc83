export { AlertingModule } from './alerting.module';
export { AlertingEngineModule } from './alerting-engine.module';
