import { Injectable } from '@nestjs/common';
import type { Actor } from '@renkei/core/context/actor';

/** Decides which rooms a socket may join for a thing (e.g. an exercise); null: it may not see it. */
export type RoomAuthority = (actor: Actor, id: string) => Promise<string[] | null>;

/**
 * Contexts that own live rooms (exercises) register who may join them here; the gateway asks on a
 * client's `join` message, so it never needs to know the context's rules.
 */
@Injectable()
export class RoomAuthorities {
  private readonly authorities = new Map<string, RoomAuthority>();

  register(kind: string, authority: RoomAuthority): void {
    this.authorities.set(kind, authority);
  }

  async rooms(kind: string, actor: Actor, id: string): Promise<string[] | null> {
    const authority = this.authorities.get(kind);
    if (!authority) return null;
    return authority(actor, id);
  }
}
