import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '@renkei/audit/audit.module';
import { DirectoryModule } from '@renkei/directory/directory.module';
import { AuthGuard } from './auth/auth.guard';
import { AccountStatusCache } from './auth/account-status.cache';
import { AuthService } from './auth/auth.service';
import { IdentityResolver } from './identity.resolver';
import { UsersService } from './users.service';

@Module({
  imports: [AuditModule, DirectoryModule],
  providers: [
    AuthService,
    UsersService,
    AccountStatusCache,
    IdentityResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UsersService],
})
export class IdentityModule {}
