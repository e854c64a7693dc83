import { Initial1795320466874 } from './1795320466874-Initial';
import { AppendOnlyAndDefaults1795320466875 } from './1795320466875-AppendOnlyAndDefaults';

/** Every migration, in order. Imported (not globbed) so ts-jest, ts-node and the build all see the same list. */
export const ALL_MIGRATIONS: Function[] = [Initial1795320466874, AppendOnlyAndDefaults1795320466875];
