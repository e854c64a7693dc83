export { DEMO_PASSWORD, seedDemoCity } from './demo-city';
export type { DemoSummary, SeedDemoCityOptions } from './demo-city';
