import { Initial1795321107154 } from './1795321107154-Initial';
import { AppendOnlyAndDefaults1795321107155 } from './1795321107155-AppendOnlyAndDefaults';

/** Every migration, in order. Imported (not globbed) so ts-jest, ts-node and the build all see the same list. */
export const ALL_MIGRATIONS: Function[] = [Initial1795321107154, AppendOnlyAndDefaults1795321107155];
