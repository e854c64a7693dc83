export * from './identity.module';
export * from './auth/auth.service';
export * from './users.service';
export * from './auth/password';
