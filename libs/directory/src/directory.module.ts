import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { ContactWebhookService } from './contact-webhook.service';
import { DirectoryResolver } from './directory.resolver';
import { DirectoryService } from './directory.service';

@Module({
  imports: [AuditModule],
  providers: [DirectoryService, ContactWebhookService, DirectoryResolver],
  exports: [DirectoryService],
})
export class DirectoryModule {}
