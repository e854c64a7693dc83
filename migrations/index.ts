import { Initial1795323716692 } from './1795323716692-Initial';
import { AppendOnlyAndDefaults1795323716693 } from './1795323716693-AppendOnlyAndDefaults';
import { Alerting1795327270919 } from './1795327270919-Alerting';
import { AlertingDefaults1795327270920 } from './1795327270920-AlertingDefaults';
import { Runbooks1796406348744 } from './1796406348744-Runbooks';
import { RunbookImmutability1796406348745 } from './1796406348745-RunbookImmutability';
import { RunbookExamples1796406348746 } from './1796406348746-RunbookExamples';

/** Every migration, in order. Imported (not globbed) so ts-jest, ts-node and the build all see the same list. */
export const ALL_MIGRATIONS: Function[] = [
  Initial1795323716692,
  AppendOnlyAndDefaults1795323716693,
  Alerting1795327270919,
  AlertingDefaults1795327270920,
  Runbooks1796406348744,
  RunbookImmutability1796406348745,
  RunbookExamples1796406348746,
];
