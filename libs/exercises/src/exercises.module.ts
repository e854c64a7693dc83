import { Module } from '@nestjs/common';
import { AlertingEngineModule } from '@renkei/alerting/alerting-engine.module';
import { AuditModule } from '@renkei/audit/audit.module';
import { RealtimeModule } from '@renkei/realtime/realtime.module';
import { ExerciseBoardController } from './exercise-board.controller';
import { ExerciseEngineModule } from './exercise-engine.module';
import { ExerciseResponseController } from './exercise-response.controller';
import { ExerciseLiveFeed } from './exercise-live';
import { ExerciseEvaluationService } from './exercise-evaluation.service';
import { ExercisePlayResolver, ExerciseInjectResolver } from './exercise-play.resolver';
import { ExercisePlayService } from './exercise-play.service';
import { ExercisesResolver } from './exercises.resolver';
import { ExercisesService } from './exercises.service';
import { ScenariosResolver } from './scenarios.resolver';
import { ScenariosService } from './scenarios.service';

/** Tabletop exercises in the API: the scenario library, planning, the run, play, the live board and the report. */
@Module({
  imports: [AuditModule, AlertingEngineModule, ExerciseEngineModule, RealtimeModule],
  controllers: [ExerciseBoardController, ExerciseResponseController],
  providers: [
    ScenariosService,
    ExercisesService,
    ExercisePlayService,
    ExerciseEvaluationService,
    ExerciseLiveFeed,
    ScenariosResolver,
    ExercisesResolver,
    ExercisePlayResolver,
    ExerciseInjectResolver,
  ],
})
export class ExercisesModule {}
