import { Module } from '@nestjs/common';
import { IdentityModule } from '@renkei/identity/identity.module';
import { RealtimeGateway } from './realtime.gateway';
import { RoomAuthorities } from './room-authorities';

@Module({
  imports: [IdentityModule],
  providers: [RealtimeGateway, RoomAuthorities],
  exports: [RealtimeGateway, RoomAuthorities],
})
export class RealtimeModule {}
