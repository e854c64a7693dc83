export * from './responsibility.enums';
export * from './responsibility.module';
export * from './responsibility.service';
