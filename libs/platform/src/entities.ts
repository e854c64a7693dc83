import { AlertEntity } from '@renkei/alerting/entities/alert.entity';
import { CaughtMailEntity } from '@renkei/alerting/entities/caught-mail.entity';
import { DeliveryAttemptEntity, DeliveryEntity } from '@renkei/alerting/entities/delivery.entity';
import { EngagementEntity } from '@renkei/alerting/entities/engagement.entity';
import { EscalationPolicyEntity } from '@renkei/alerting/entities/escalation-policy.entity';
import { EscalationEntity } from '@renkei/alerting/entities/escalation.entity';
import { EventIntegrationEntity } from '@renkei/alerting/entities/event-integration.entity';
import { OutboxMessageEntity } from '@renkei/alerting/entities/outbox-message.entity';
import { AuditEventEntity } from '@renkei/audit/entities/audit-event.entity';
import { ContactEntity } from '@renkei/directory/entities/contact.entity';
import { OrganisationRelationshipEntity } from '@renkei/directory/entities/organisation-relationship.entity';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { ApiKeyEntity } from '@renkei/identity/entities/api-key.entity';
import { LoginAttemptEntity } from '@renkei/identity/entities/login-attempt.entity';
import { MfaPolicyEntity } from '@renkei/identity/entities/mfa-policy.entity';
import { RefreshTokenEntity } from '@renkei/identity/entities/refresh-token.entity';
import { CheckSheetItemEntity } from '@renkei/guideline/entities/check-sheet-item.entity';
import { CpsfMeasureEntity } from '@renkei/guideline/entities/cpsf-measure.entity';
import { GuidelineEditionEntity } from '@renkei/guideline/entities/guideline-edition.entity';
import { GuidelineIncidentTypeEntity } from '@renkei/guideline/entities/guideline-incident-type.entity';
import { GuidelineRoleEntity } from '@renkei/guideline/entities/guideline-role.entity';
import { SelfAssessmentEntryEntity } from '@renkei/guideline/entities/self-assessment-entry.entity';
import { UserEntity } from '@renkei/identity/entities/user.entity';
import {
  ExerciseEventEntity,
  ExerciseImprovementItemEntity,
  ExerciseObjectiveRatingEntity,
  ExerciseRatingEntity,
  ExerciseResponseEntity,
} from '@renkei/exercises/entities/exercise-records.entity';
import {
  ExerciseEntity,
  ExerciseInjectEntity,
  ExerciseParticipantEntity,
} from '@renkei/exercises/entities/exercise.entity';
import {
  ExerciseScenarioEntity,
  ExerciseScenarioVersionEntity,
} from '@renkei/exercises/entities/scenario.entity';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import {
  IncidentComponentEntity,
  IncidentMemberEntity,
  IncidentParticipantEntity,
} from '@renkei/incidents/entities/incident-links.entity';
import { IncidentTaskEntity } from '@renkei/incidents/entities/incident-task.entity';
import { IncidentReferenceCounterEntity } from '@renkei/incidents/entities/reference-counter.entity';
import { SeverityDefinitionEntity } from '@renkei/incidents/entities/severity-definition.entity';
import { TimelineEntryEntity } from '@renkei/incidents/entities/timeline-entry.entity';
import { ObligationEntity } from '@renkei/obligations/entities/obligation.entity';
import { ReportingRuleEntity } from '@renkei/obligations/entities/reporting-rule.entity';
import {
  RunbookApplicationEntity,
  RunbookTaskLinkEntity,
} from '@renkei/runbooks/entities/application.entity';
import { PostIncidentReviewEntity, ReviewFindingEntity } from '@renkei/runbooks/entities/review.entity';
import {
  RunbookEntity,
  RunbookStepEntity,
  RunbookVersionEntity,
} from '@renkei/runbooks/entities/runbook.entity';
import { AssignmentEntity } from '@renkei/responsibility/entities/assignment.entity';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';
import { InquiryContactEntity } from '@renkei/reporting/entities/inquiry-contact.entity';
import { PublicStatementEntity } from '@renkei/reporting/entities/public-statement.entity';
import { ReportTemplateEntity } from '@renkei/reporting/entities/report-template.entity';

/** Every entity of every context; the data source and the migration drift check use this list. */
export const ALL_ENTITIES = [
  OrganisationEntity,
  OrganisationRelationshipEntity,
  ContactEntity,
  UserEntity,
  ApiKeyEntity,
  RefreshTokenEntity,
  LoginAttemptEntity,
  MfaPolicyEntity,
  ComponentEntity,
  AssignmentEntity,
  IncidentEntity,
  IncidentComponentEntity,
  IncidentParticipantEntity,
  IncidentMemberEntity,
  IncidentTaskEntity,
  TimelineEntryEntity,
  IncidentReferenceCounterEntity,
  SeverityDefinitionEntity,
  AuditEventEntity,
  EscalationPolicyEntity,
  EscalationEntity,
  EngagementEntity,
  AlertEntity,
  DeliveryEntity,
  DeliveryAttemptEntity,
  OutboxMessageEntity,
  CaughtMailEntity,
  EventIntegrationEntity,
  ExerciseScenarioEntity,
  ExerciseScenarioVersionEntity,
  ExerciseEntity,
  ExerciseParticipantEntity,
  ExerciseInjectEntity,
  ExerciseResponseEntity,
  ExerciseRatingEntity,
  ExerciseObjectiveRatingEntity,
  ExerciseEventEntity,
  ExerciseImprovementItemEntity,
  GuidelineEditionEntity,
  CheckSheetItemEntity,
  CpsfMeasureEntity,
  GuidelineIncidentTypeEntity,
  GuidelineRoleEntity,
  SelfAssessmentEntryEntity,
  ReportingRuleEntity,
  ObligationEntity,
  ReportTemplateEntity,
  PublicStatementEntity,
  InquiryContactEntity,
  RunbookEntity,
  RunbookVersionEntity,
  RunbookStepEntity,
  RunbookApplicationEntity,
  RunbookTaskLinkEntity,
  PostIncidentReviewEntity,
  ReviewFindingEntity,
];
