import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { CatalogueService } from './catalogue.service';
import { SelfAssessmentExport } from './export/self-assessment-export';
import { GuidelineResolver } from './guideline.resolver';
import { GuidelineService } from './guideline.service';
import { SelfAssessmentCommands } from './self-assessment-commands.service';
import { SelfAssessmentController } from './self-assessment.controller';
import { SelfAssessmentResolver } from './self-assessment.resolver';
import { SelfAssessmentService } from './self-assessment.service';

/** The guideline catalogue (by edition) and organisations' self-assessments against its check sheet. */
@Module({
  imports: [AuditModule],
  controllers: [SelfAssessmentController],
  providers: [
    GuidelineService,
    CatalogueService,
    GuidelineResolver,
    SelfAssessmentService,
    SelfAssessmentCommands,
    SelfAssessmentExport,
    SelfAssessmentResolver,
  ],
  exports: [GuidelineService, CatalogueService, SelfAssessmentService],
})
export class GuidelineModule {}
