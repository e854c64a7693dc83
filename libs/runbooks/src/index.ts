export * from './runbooks.enums';
export * from './runbooks.module';
export * from './runbook-library.service';
export * from './runbook-application.service';
export * from './post-incident-review.service';
