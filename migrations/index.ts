import { Initial1795319766056 } from './1795319766056-Initial';
import { AppendOnlyAndDefaults1795319766057 } from './1795319766057-AppendOnlyAndDefaults';

/** Every migration, in order. Imported (not globbed) so ts-jest, ts-node and the build all see the same list. */
export const ALL_MIGRATIONS: Function[] = [Initial1795319766056, AppendOnlyAndDefaults1795319766057];
