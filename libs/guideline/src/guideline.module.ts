import { Module } from '@nestjs/common';
import { GuidelineResolver } from './guideline.resolver';
import { GuidelineService } from './guideline.service';

@Module({ providers: [GuidelineService, GuidelineResolver], exports: [GuidelineService] })
export class GuidelineModule {}
