import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { AlertChange, DomainEvents, IncidentChange } from '@renkei/core/events/domain-events';
import { AuthService } from '@renkei/identity/auth/auth.service';
import { TimelineEntryKind, Tlp } from '@renkei/incidents/incidents.enums';
import {
  ClientToServerEvents,
  IncidentSummaryPayload,
  JoinReply,
  JoinRequest,
  ServerToClientEvents,
} from './realtime.events';
import { RoomAuthorities } from './room-authorities';

/** Expiry (ms) of a JWT access token, read without verifying (the handshake already did); null for API keys. */
function tokenExpiry(token: string): number | null {
  if (token.startsWith('rk_')) return null;
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: number;
    };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

export const rooms = {
  everyone: 'city',
  cityWide: 'city-wide',
  organisation: (id: string) => `org:${id}`,
  user: (id: string) => `user:${id}`,
  apiKey: (id: string) => `apikey:${id}`,
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
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly authorities: RoomAuthorities,
  ) {
    this.distributed = config.redisUrl !== null;
  }

  private readonly distributed: boolean;

  afterInit(): void {
    const stopIncidents = this.events.on('incident', (change) => {
      this.broadcast(change).catch((error) =>
        this.logger.error(`realtime broadcast failed: ${String(error)}`),
      );
    });
    // A changed account (disabled, new role or organisation, new password) or a revoked key loses its
    // live connections, everywhere (the Redis adapter carries this to other instances): the client
    // reconnects with a current token and joins the rooms it may now see.
    const stopAccounts = this.events.on('account', (change) => {
      const room = change.userId
        ? rooms.user(change.userId)
        : change.apiKeyId
          ? rooms.apiKey(change.apiKeyId)
          : null;
      if (room) this.server?.in(room).disconnectSockets(true);
    });
    const stopAlerts = this.events.on('alert', (change) => {
      this.broadcastAlert(change).catch((error) =>
        this.logger.error(`realtime alert broadcast failed: ${String(error)}`),
      );
    });
    this.unsubscribe = () => {
      stopAlerts();
      stopIncidents();
      stopAccounts();
    };
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
    else joined.push(rooms.apiKey(actor.id));
    // An access token's connection ends when the token does; the client reconnects with a fresh one.
    const expiresAt = token ? tokenExpiry(token) : null;
    if (expiresAt !== null) {
      const timer = setTimeout(() => client.disconnect(true), Math.max(0, expiresAt - Date.now()));
      timer.unref();
      client.once('disconnect', () => clearTimeout(timer));
    }
    if (isCityWide(actor)) joined.push(rooms.cityWide);
    await client.join(joined);
    client.data.actor = actor;
    client.emit('ready', { organisationId: actor.organisationId, rooms: joined });
  }

  /** Joins the rooms of a thing (an exercise) the caller may see, as its owning context decides. */
  @SubscribeMessage('join')
  async join(@ConnectedSocket() client: Socket, @MessageBody() request: JoinRequest): Promise<JoinReply> {
    const actor = client.data.actor as Actor | undefined;
    if (!actor) return { ok: false, error: 'UNAUTHENTICATED' };
    if (!request || typeof request.kind !== 'string' || typeof request.id !== 'string') {
      return { ok: false, error: 'BAD_USER_INPUT' };
    }
    try {
      const granted = await this.authorities.rooms(request.kind, actor, request.id);
      if (!granted) return { ok: false, error: 'NOT_FOUND' };
      await client.join(granted);
      return { ok: true, rooms: granted };
    } catch {
      return { ok: false, error: 'NOT_FOUND' };
    }
  }

  @SubscribeMessage('leave')
  async leave(
    @ConnectedSocket() client: Socket,
    @MessageBody() request: JoinRequest,
  ): Promise<{ ok: boolean }> {
    const prefix = `${request?.kind}:${request?.id}:`;
    for (const room of client.rooms) if (room.startsWith(prefix)) await client.leave(room);
    return { ok: true };
  }

  /** Sends to rooms; news relayed from another process goes to this instance's own sockets only. */
  publish<E extends keyof ServerToClientEvents>(
    audience: string[],
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
    remote = false,
  ): void {
    if (!this.server || audience.length === 0) return;
    const target = remote ? this.server.local.to(audience) : this.server.to(audience);
    (target.emit as (event: string, payload: unknown) => boolean)(event, payload);
  }

  /**
   * An alert's state: for the promotion body and the alerted organisation (alerts name the directory's
   * contacts, which other organisations do not see), and on TLP:RED only for the named people.
   */
  private async broadcastAlert(change: AlertChange): Promise<void> {
    if (!this.server) return;
    // Relayed news goes to this instance's own sockets only: none connected, nobody to tell.
    const local = this.server.of('/').sockets.size;
    if ((!this.distributed || change.remote) && local === 0) return;
    let audience: string[];
    if (change.drill) {
      // A drill's alert: its organisation's sockets; the exercise's board hears it as a 'delivery'.
      audience = [rooms.organisation(change.organisationId)];
    } else if (change.tlp && change.tlp !== Tlp.RED) {
      audience = [rooms.cityWide, rooms.organisation(change.organisationId)];
    } else {
      const [row] = (await this.dataSource.query(
        `SELECT i.tlp, i.exercise_id IS NOT NULL AS drill,
                ARRAY(SELECT DISTINCT m.user_id::text FROM incident_member m WHERE m.incident_id = i.id) AS users
           FROM incident i WHERE i.id = $1`,
        [change.incidentId],
      )) as { tlp: Tlp; drill: boolean; users: string[] }[];
      if (!row) return;
      audience = row.drill
        ? [rooms.organisation(change.organisationId)]
        : row.tlp === Tlp.RED
          ? row.users.map(rooms.user)
          : [rooms.cityWide, rooms.organisation(change.organisationId)];
    }
    if (audience.length === 0) return;
    const target = change.remote ? this.server.local.to(audience) : this.server.to(audience);
    target.emit('alert.updated', {
      incidentId: change.incidentId,
      alertId: change.alertId,
      organisationId: change.organisationId,
      state: change.state,
      channel: change.channel ?? null,
    });
  }

  private async broadcast(change: IncidentChange): Promise<void> {
    if (!this.server) return;
    // With the in-process adapter, no connected socket means nobody to tell (with Redis, other API
    // instances may have listeners, so always publish).
    if ((!this.distributed || change.remote) && this.server.of('/').sockets.size === 0) return;
    const [row] = (await this.dataSource.query(
      `SELECT i.id, i.reference, i.title, i.status, i.severity, i.tlp, i.version, i.updated_at,
              i.exercise_id IS NOT NULL AS drill,
              ARRAY(SELECT p.organisation_id::text FROM incident_participant p WHERE p.incident_id = i.id) AS organisations,
              ARRAY(SELECT DISTINCT m.user_id::text FROM incident_member m WHERE m.incident_id = i.id) AS users,
              (SELECT json_build_object('sequence', t.sequence::text, 'kind', t.kind, 'message', t.message,
                                        'actorName', t.actor_name, 'occurredAt', t.occurred_at)
                 FROM incident_timeline_entry t WHERE t.incident_id = i.id ORDER BY t.sequence DESC LIMIT 1) AS latest
         FROM incident i WHERE i.id = $1`,
      [change.incidentId],
    )) as {
      id: string;
      reference: string;
      title: string;
      status: IncidentSummaryPayload['status'];
      severity: IncidentSummaryPayload['severity'];
      tlp: Tlp;
      version: number;
      updated_at: Date;
      drill: boolean;
      organisations: string[];
      users: string[];
      latest: {
        sequence: string;
        kind: TimelineEntryKind;
        message: string;
        actorName: string;
        occurredAt: string;
      } | null;
    }[];
    if (!row) return;
    // A drill belongs to its exercise: its playing organisations and named people hear of it, never the
    // register's city-wide screens (the exercise's board has its own feed).
    const audience = row.drill
      ? [...row.organisations.map(rooms.organisation), ...row.users.map(rooms.user)]
      : audienceRooms(row.tlp, row.organisations, row.users);
    if (audience.length === 0) return;
    const summary: IncidentSummaryPayload = {
      id: row.id,
      reference: row.reference,
      title: row.title,
      status: row.status,
      severity: row.severity,
      tlp: row.tlp,
      version: row.version,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
    // News relayed from a worker process reaches every API instance: each tells its own sockets.
    const target = change.remote ? this.server.local.to(audience) : this.server.to(audience);
    if (change.type === 'incident.created') target.emit('incident.created', { incident: summary });
    else
      target.emit('incident.updated', {
        incident: summary,
        fields: (change.detail?.fields as string[]) ?? [],
      });
    if (row.latest) {
      target.emit('incident.timeline', {
        incidentId: row.id,
        entry: { ...row.latest, occurredAt: new Date(row.latest.occurredAt).toISOString() },
      });
    }
  }
}
