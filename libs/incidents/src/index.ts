export * from './incidents.enums';
export * from './incidents.module';
export * from './incidents.service';
export * from './incident-commands.service';
export * from './incident-visibility';
