import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { DomainEvents, IncidentChange } from '@renkei/core/events/domain-events';
import { AuthService } from '@renkei/identity/auth/auth.service';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import {
  IncidentMemberEntity,
  IncidentParticipantEntity,
} from '@renkei/incidents/entities/incident-links.entity';
import { TimelineEntryEntity } from '@renkei/incidents/entities/timeline-entry.entity';
import { Tlp } from '@renkei/incidents/incidents.enums';
import { ClientToServerEvents, IncidentSummaryPayload, ServerToClientEvents } from './realtime.events';

export const rooms = {
  everyone: 'city',
  cityWide: 'city-wide',
  organisation: (id: string) => `org:${id}`,
  user: (id: string) => `user:${id}`,
};

/** Rooms that may receive news of an incident — the same rule as incidentVisibility, as rooms. */
export function audienceRooms(
  tlp: Tlp,
  participantOrganisationIds: string[],
  memberUserIds: string[],
): string[] {
  const named = memberUserIds.map(rooms.user);
  if (tlp === Tlp.RED) return named;
  if (tlp === Tlp.GREEN || tlp === Tlp.CLEAR) return [rooms.everyone, ...named];
  return [rooms.cityWide, ...participantOrganisationIds.map(rooms.organisation), ...named];
}

/**
 * The live feed. Clients authenticate the handshake with the same token or API key as GraphQL
 * (`auth: { token }`), join the rooms of what they may see, and receive incident events — never
 * about an incident their organisation cannot see.
 */
@WebSocketGateway({ path: '/socket.io', cors: { origin: false } })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  private unsubscribe?: () => void;

  @WebSocketServer()
  server: Server<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly auth: AuthService,
    private readonly events: DomainEvents,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  afterInit(): void {
    this.unsubscribe = this.events.on('incident', (change) => {
      this.broadcast(change).catch((error) =>
        this.logger.error(`realtime broadcast failed: ${String(error)}`),
      );
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async handleConnection(client: Socket): Promise<void> {
    const token = typeof client.handshake.auth?.token === 'string' ? client.handshake.auth.token : undefined;
    const header = client.handshake.headers.authorization;
    let actor: Actor | null = null;
    try {
      actor = await this.auth.authenticate(token ? `Bearer ${token}` : header);
    } catch (error) {
      this.logger.warn(`socket authentication failed: ${String(error)}`);
    }
    if (!actor || actor.mfaEnrollmentOnly) {
      client.emit('error' as never, { code: 'UNAUTHENTICATED', message: 'Authentication required' } as never);
      client.disconnect(true);
      return;
    }
    const joined = [rooms.everyone, rooms.organisation(actor.organisationId)];
    if (actor.userId) joined.push(rooms.user(actor.userId));
    if (isCityWide(actor)) joined.push(rooms.cityWide);
    await client.join(joined);
    client.data.actor = actor;
    client.emit('ready', { organisationId: actor.organisationId, rooms: joined });
  }

  private async broadcast(change: IncidentChange): Promise<void> {
    if (!this.server) return;
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneBy({ id: change.incidentId });
    if (!incident) return;
    const [participants, members, latest] = await Promise.all([
      this.dataSource.getRepository(IncidentParticipantEntity).findBy({ incidentId: incident.id }),
      this.dataSource.getRepository(IncidentMemberEntity).findBy({ incidentId: incident.id }),
      this.dataSource
        .getRepository(TimelineEntryEntity)
        .findOne({ where: { incidentId: incident.id }, order: { sequence: 'DESC' } }),
    ]);
    const audience = audienceRooms(
      incident.tlp,
      participants.map((p) => p.organisationId),
      [...new Set(members.map((m) => m.userId))],
    );
    if (audience.length === 0) return;
    const summary: IncidentSummaryPayload = {
      id: incident.id,
      reference: incident.reference,
      title: incident.title,
      status: incident.status,
      severity: incident.severity,
      tlp: incident.tlp,
      version: incident.version,
      updatedAt: incident.updatedAt.toISOString(),
    };
    const target = this.server.to(audience);
    if (change.type === 'incident.created') target.emit('incident.created', { incident: summary });
    else
      target.emit('incident.updated', {
        incident: summary,
        fields: (change.detail?.fields as string[]) ?? [],
      });
    if (latest) {
      target.emit('incident.timeline', {
        incidentId: incident.id,
        entry: {
          sequence: String(latest.sequence),
          kind: latest.kind,
          message: latest.message,
          actorName: latest.actorName,
          occurredAt: latest.occurredAt.toISOString(),
        },
      });
    }
  }
}
