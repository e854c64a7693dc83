import { Injectable } from '@nestjs/common';
import incidentTypesData from './data/incident-types.json';
import rolesData from './data/roles.json';

export interface IncidentTypeRecord {
  id: string;
  incidentJa: string;
  incidentEn: string;
  cpsIds: string[];
  threats: { ja: string; en: string }[];
}

export interface GuidelineRoleRecord {
  key: string;
  nameJa: string;
  nameEn: string;
  definitionJa: string;
  definitionEn: string;
  responsibilitiesEn: string[];
}

/** The parts of the guideline catalogue the register needs now (edition 3.0, shipped with the code). */
@Injectable()
export class GuidelineService {
  readonly edition = '3.0';
  private readonly incidentTypes = incidentTypesData.items as IncidentTypeRecord[];
  private readonly roles = rolesData.items as GuidelineRoleRecord[];
  private readonly incidentTypeIds = new Set(this.incidentTypes.map((t) => t.id));

  listIncidentTypes(): IncidentTypeRecord[] {
    return this.incidentTypes;
  }

  isIncidentType(id: string): boolean {
    return this.incidentTypeIds.has(id);
  }

  incidentType(id: string): IncidentTypeRecord | undefined {
    return this.incidentTypes.find((t) => t.id === id);
  }

  listRoles(): GuidelineRoleRecord[] {
    return this.roles;
  }
}
