import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@renkei/core/context/actor';
import type { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { BUILT_IN_SECTIONS } from '../reporting.enums';
import type { ReportBlock } from './report-document';

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

const SECTION_KEY = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * The providers registered by other modules (in their onModuleInit):
 * `constructor(registry: ReportSectionRegistry) {}` … `registry.register(new StatutoryClocksSection(…))`.
 * A template places a contributed section by its key; one a template does not name is printed after
 * the template's sections, so a new provider shows up without editing every template.
 */
@Injectable()
export class ReportSectionRegistry {
  private readonly providers = new Map<string, ReportSectionProvider>();

  register(provider: ReportSectionProvider): void {
    if (!SECTION_KEY.test(provider.key)) throw new Error(`Invalid report section key ${provider.key}`);
    if (BUILT_IN_SECTIONS.includes(provider.key) || this.providers.has(provider.key)) {
      throw new Error(`Report section ${provider.key} is already registered`);
    }
    this.providers.set(provider.key, provider);
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
