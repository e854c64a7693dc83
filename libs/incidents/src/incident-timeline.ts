import { EntityManager } from 'typeorm';
import { Actor } from '@renkei/core/context/actor';
import { RequestContextStore } from '@renkei/core/context/request-context';
import { TimelineEntryEntity } from './entities/timeline-entry.entity';
import { TimelineEntryKind } from './incidents.enums';

/** Appends one entry to an incident's timeline, inside the caller's transaction. */
export async function appendTimeline(
  manager: EntityManager,
  incidentId: string,
  kind: TimelineEntryKind,
  message: string,
  data: Record<string, unknown> = {},
  actor: Actor | null | undefined = RequestContextStore.current()?.actor,
): Promise<void> {
  await manager.insert(TimelineEntryEntity, {
    incidentId,
    kind,
    message,
    data: JSON.parse(JSON.stringify(data)),
    actorKind: actor ? actor.kind : 'system',
    actorId: actor?.id ?? null,
    actorName: actor?.displayName ?? 'Renkei',
    actorOrganisationId: actor?.organisationId ?? null,
  } as never);
}
