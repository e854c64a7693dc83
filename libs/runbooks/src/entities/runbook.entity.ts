import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { RunbookScope, RunbookVersionStatus, StepAssigneeKind } from '../runbooks.enums';

/** A runbook's identity and ownership; its content lives in versions. */
@Entity('runbook')
export class RunbookEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  scope: RunbookScope;

  /** The promotion body (CITY_WIDE) or the stakeholder (STAKEHOLDER); null for Renkei's shipped examples. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerOrganisationId: string | null;

  /** Shipped with Renkei as an example (the ministry publishes no official procedures). */
  @Column({ type: 'boolean', default: false })
  isExample: boolean;

  /** The shipped example's stable key (upgrades find it by this). */
  @Column({ type: 'text', nullable: true, unique: true })
  exampleKey: string | null;

  @Column({ type: 'uuid', nullable: true })
  copiedFromRunbookId: string | null;

  /** The version applied and suggested: the latest published one. */
  @Column({ type: 'uuid', nullable: true })
  currentVersionId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_organisation_id' })
  ownerOrganisation?: OrganisationEntity;
}

/**
 * One version of a runbook's content. A PUBLISHED version (and its steps) is immutable — the
 * service refuses to change it and a trigger refuses UPDATE and DELETE in the database.
 */
@Entity('runbook_version')
@Index('runbook_version_number_idx', ['runbookId', 'number'], { unique: true })
@Index('runbook_version_one_draft_idx', ['runbookId'], { unique: true, where: `status = 'DRAFT'` })
export class RunbookVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  runbookId: string;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'text', default: RunbookVersionStatus.DRAFT })
  status: RunbookVersionStatus;

  @Column({ type: 'text' })
  titleJa: string;

  @Column({ type: 'text' })
  titleEn: string;

  @Column({ type: 'text', default: '' })
  summaryJa: string;

  @Column({ type: 'text', default: '' })
  summaryEn: string;

  /** When it applies: guideline categories of the affected components (GOVERNANCE, SERVICE, CITY_OS, ASSET). */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  componentCategories: string[];

  /** …incident categories (DATA_BREACH, RANSOMWARE…). */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  incidentCategories: string[];

  /** …Appendix B incident types (INC-01 … INC-25). */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  incidentTypeIds: string[];

  /** …severities (empty: any). */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  severities: string[];

  /** The published version this draft was made from. */
  @Column({ type: 'uuid', nullable: true })
  basedOnVersionId: string | null;

  @Column({ type: 'text', default: '' })
  changeNote: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  publishedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => RunbookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'runbook_id' })
  runbook?: RunbookEntity;
}

export interface DecisionOption {
  labelJa: string;
  labelEn: string;
  /** The step this answer leads to (a later one), or null: the runbook ends here. */
  nextStepKey: string | null;
}

/** A question at the end of a step; its first option is the expected (default) path. */
export interface StepDecision {
  questionJa: string;
  questionEn: string;
  options: DecisionOption[];
}

@Entity('runbook_step')
@Index('runbook_step_key_idx', ['versionId', 'key'], { unique: true })
@Index('runbook_step_position_idx', ['versionId', 'position'], { unique: true })
export class RunbookStepEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  versionId: string;

  /** Stable within the version; decision options name steps by key. */
  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  titleJa: string;

  @Column({ type: 'text' })
  titleEn: string;

  /** Markdown. */
  @Column({ type: 'text', default: '' })
  instructionsJa: string;

  @Column({ type: 'text', default: '' })
  instructionsEn: string;

  @Column({ type: 'text' })
  assigneeKind: StepAssigneeKind;

  @Column({ type: 'text', nullable: true })
  assigneeDuty: Duty | null;

  @Column({ type: 'text', nullable: true })
  assigneeRole: GuidelineRole | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeOrganisationId: string | null;

  @Column({ type: 'integer' })
  expectedMinutes: number;

  @Column({ type: 'jsonb', nullable: true })
  decision: StepDecision | null;

  /** Without a decision: where the runbook goes on after this step (a later step); null: the next one. */
  @Column({ type: 'text', nullable: true })
  nextStepKey: string | null;

  /** Check-sheet items (GOV-1-1 … DL-6) the step carries out. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  checkSheetKeys: string[];

  /** CPSF measure requirements (CPS.xx-n). */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  cpsfMeasureIds: string[];

  /** A report or message template (Markdown with {{placeholders}}). */
  @Column({ type: 'text', nullable: true })
  templateJa: string | null;

  @Column({ type: 'text', nullable: true })
  templateEn: string | null;

  @ManyToOne(() => RunbookVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  version?: RunbookVersionEntity;
}
