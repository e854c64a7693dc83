import { Initial1795323716692 } from './1795323716692-Initial';
import { AppendOnlyAndDefaults1795323716693 } from './1795323716693-AppendOnlyAndDefaults';

/** Every migration, in order. Imported (not globbed) so ts-jest, ts-node and the build all see the same list. */
export const ALL_MIGRATIONS: Function[] = [Initial1795323716692, AppendOnlyAndDefaults1795323716693];
