export * from './guideline.module';
export * from './guideline.service';
export * from './guideline.enums';
export * from './catalogue';
export * from './applicability';
export * from './coverage';
