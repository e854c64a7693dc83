export * from './guideline.module';
export * from './guideline.service';
