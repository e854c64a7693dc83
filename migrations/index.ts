import { Initial1795323716692 } from './1795323716692-Initial';
import { AppendOnlyAndDefaults1795323716693 } from './1795323716693-AppendOnlyAndDefaults';
import { Alerting1795327270919 } from './1795327270919-Alerting';
import { AlertingDefaults1795327270920 } from './1795327270920-AlertingDefaults';
import { GuidelineCatalogue1796405988742 } from './1796405988742-GuidelineCatalogue';
import { GuidelineCatalogueV31796405988743 } from './1796405988743-GuidelineCatalogueV3';
import { Exercises1796406856180 } from './1796406856180-Exercises';
import { ExerciseScenarioLibrary1796406856181 } from './1796406856181-ExerciseScenarioLibrary';
import { ReportingObligations1796406275773 } from './1796406275773-ReportingObligations';
import { Reporting1796406291748 } from './1796406291748-Reporting';
import { ReportingDefaults1796406291749 } from './1796406291749-ReportingDefaults';
import { Runbooks1796406348744 } from './1796406348744-Runbooks';
import { RunbookImmutability1796406348745 } from './1796406348745-RunbookImmutability';
import { RunbookExamples1796406348746 } from './1796406348746-RunbookExamples';
import { ReportObligationsSection1796406923417 } from './1796406923417-ReportObligationsSection';

/** Every migration, in order. Imported (not globbed) so ts-jest, ts-node and the build all see the same list. */
export const ALL_MIGRATIONS: Function[] = [
  Initial1795323716692,
  AppendOnlyAndDefaults1795323716693,
  Alerting1795327270919,
  AlertingDefaults1795327270920,
  GuidelineCatalogue1796405988742,
  GuidelineCatalogueV31796405988743,
  ReportingObligations1796406275773,
  Reporting1796406291748,
  ReportingDefaults1796406291749,
  Runbooks1796406348744,
  RunbookImmutability1796406348745,
  RunbookExamples1796406348746,
  Exercises1796406856180,
  ExerciseScenarioLibrary1796406856181,
  ReportObligationsSection1796406923417,
];
