import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@renkei/core/context/actor';
import type { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import type { IncidentTaskEntity } from '@renkei/incidents/entities/incident-task.entity';
import { BUILT_IN_SECTIONS } from '../reporting.enums';
import type { ReportBlock, ReportCell } from './report-document';

/** What a provider is given: the incident (already checked visible to the reader) and the reader. */
export interface ReportSectionContext {
  actor: Actor;
  incident: IncidentEntity;
  language: 'ja' | 'en';
  manager: EntityManager;
}

/**
 * A section another context contributes to the incident report (statutory reporting clocks, drills,
 * runbooks…). The provider reads with the reader's rights — it is handed the actor and must apply its
 * own context's read rules — and returns plain-text blocks (the renderers escape everything), or null
 * to leave the section out for this incident.
 */
export interface ReportSectionProvider {
  /** Stable key, UPPER_SNAKE_CASE, used in templates (e.g. STATUTORY_OBLIGATIONS). */
  readonly key: string;
  readonly heading: { ja: string; en: string };
  build(context: ReportSectionContext): Promise<ReportBlock[] | null>;
}

/**
 * What another context knows about the incident's tasks, printed as extra columns of the built-in
 * TASKS table (e.g. the runbook step a task came from). Same reading rule as a section provider: it
 * is handed the reader and applies its own context's read rules.
 */
export interface ReportTaskDetailsProvider {
  /** Stable key, UPPER_SNAKE_CASE (e.g. RUNBOOK_STEPS). */
  readonly key: string;
  /** Column headings, in order; a provider's columns are printed only when one of the tasks has values. */
  readonly columns: { ja: string; en: string }[];
  /**
   * Per task id, one cell per column (a task it knows nothing about is left out of the map), and
   * blocks printed under the tasks table (null: nothing to add).
   */
  build(
    context: ReportSectionContext,
    tasks: readonly IncidentTaskEntity[],
  ): Promise<{ cells: Map<string, ReportCell[]>; blocks: ReportBlock[] } | null>;
}

/** The extra TASKS columns of every task-details provider, ready for the table. */
export interface TaskDetails {
  columns: string[];
  cells: Map<string, ReportCell[]>;
  blocks: ReportBlock[];
}

const SECTION_KEY = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * The providers registered by other modules (in their onModuleInit):
 * `constructor(registry: ReportSectionRegistry) {}` … `registry.register(new StatutoryClocksSection(…))`.
 * A template prints the sections it names, in its order — the agreed format (IR③) is the city's, so
 * nothing is added behind a coordinator's back. A context that adds a section ships a data migration
 * that appends its key to the templates that existed before (their authors could not have named it;
 * see migrations/1796406923417-ReportObligationsSection.ts); from then on each template decides.
 */
@Injectable()
export class ReportSectionRegistry {
  private readonly providers = new Map<string, ReportSectionProvider>();
  private readonly taskProviders = new Map<string, ReportTaskDetailsProvider>();

  register(provider: ReportSectionProvider): void {
    if (!SECTION_KEY.test(provider.key)) throw new Error(`Invalid report section key ${provider.key}`);
    if (BUILT_IN_SECTIONS.includes(provider.key) || this.providers.has(provider.key)) {
      throw new Error(`Report section ${provider.key} is already registered`);
    }
    this.providers.set(provider.key, provider);
  }

  registerTaskDetails(provider: ReportTaskDetailsProvider): void {
    if (!SECTION_KEY.test(provider.key)) throw new Error(`Invalid task details key ${provider.key}`);
    if (this.taskProviders.has(provider.key)) {
      throw new Error(`Task details ${provider.key} are already registered`);
    }
    this.taskProviders.set(provider.key, provider);
  }

  /** Every task-details provider's columns for these tasks (providers with nothing to say add none). */
  async taskDetails(
    context: ReportSectionContext,
    tasks: readonly IncidentTaskEntity[],
  ): Promise<TaskDetails> {
    const details: TaskDetails = { columns: [], cells: new Map(), blocks: [] };
    if (tasks.length === 0) return details;
    for (const provider of this.taskProviders.values()) {
      const built = await provider.build(context, tasks);
      if (!built) continue;
      details.blocks.push(...built.blocks);
      if (built.cells.size === 0) continue;
      const before = details.columns.length;
      details.columns.push(...provider.columns.map((column) => column[context.language]));
      for (const task of tasks) {
        const own = built.cells.get(task.id) ?? [];
        const row = details.cells.get(task.id) ?? Array<ReportCell>(before).fill('');
        row.push(...provider.columns.map((_, index) => own[index] ?? ''));
        details.cells.set(task.id, row);
      }
    }
    return details;
  }

  get(key: string): ReportSectionProvider | undefined {
    return this.providers.get(key);
  }

  keys(): string[] {
    return [...this.providers.keys()];
  }

  /** Every key a template may name: the built-in sections and the registered ones. */
  knownKeys(): string[] {
    return [...BUILT_IN_SECTIONS, ...this.providers.keys()];
  }
}
