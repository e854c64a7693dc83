import { ObligationsModule } from '@renkei/obligations/obligations.module';
import { RunbooksModule } from '@renkei/runbooks/runbooks.module';
import { AlertingModule } from '@renkei/alerting/alerting.module';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@renkei/audit/audit.module';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { formatGraphqlError } from '@renkei/core/graphql/error-format';
import { GraphqlContext } from '@renkei/core/graphql/graphql-context';
import { InputValidationPipe } from '@renkei/core/graphql/input-validation.pipe';
import { RequestLoaders } from '@renkei/core/graphql/request-loaders';
import { DirectoryModule } from '@renkei/directory/directory.module';
import { ExercisesModule } from '@renkei/exercises/exercises.module';
import { GuidelineModule } from '@renkei/guideline/guideline.module';
import { IdentityModule } from '@renkei/identity/identity.module';
import { IncidentsModule } from '@renkei/incidents/incidents.module';
import { CoreModule } from '@renkei/platform/core.module';
import { Infrastructure } from '@renkei/platform/infrastructure';
import { loggerOptions } from '@renkei/platform/logging';
import { RealtimeModule } from '@renkei/realtime/realtime.module';
import { ReportingModule } from '@renkei/reporting/reporting.module';
import { ResponsibilityModule } from '@renkei/responsibility/responsibility.module';
import { complexityPlugin } from './graphql/complexity.plugin';
import { depthLimit } from './graphql/depth-limit.rule';
import { HealthController } from './health/health.controller';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';

/** The bounded contexts that make up the GraphQL API (also used to print schema.gql). */
export const API_CONTEXT_MODULES = [
  AuditModule,
  IdentityModule,
  DirectoryModule,
  ResponsibilityModule,
  GuidelineModule,
  IncidentsModule,
  AlertingModule,
  ExercisesModule,
  ObligationsModule,
  ReportingModule,
  RunbooksModule,
];

export function graphqlOptions(config: AppConfig, metrics?: Metrics): ApolloDriverConfig {
  const logger = new Logger('GraphQL');
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    introspection: config.graphqlIntrospection,
    playground: false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimit(config.graphqlMaxDepth)],
    plugins: [
      config.graphqlSandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageDisabled(),
      complexityPlugin(config.graphqlMaxComplexity),
      ...(metrics ? [metrics.graphqlPlugin()] : []),
    ],
    context: ({ req, res }: Pick<GraphqlContext, 'req' | 'res'>): GraphqlContext => ({
      req,
      res,
      loaders: new RequestLoaders(),
    }),
    formatError: (formatted, error) =>
      formatGraphqlError(formatted, error, (original) => logger.error(original)),
  };
}

@Module({})
export class ApiModule {
  static forRoot(infrastructure: Infrastructure, extra: DynamicModule['imports'] = []): DynamicModule {
    const metrics = new Metrics();
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(infrastructure),
        LoggerModule.forRoot(loggerOptions(infrastructure.config)),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => graphqlOptions(config, metrics),
        }),
        ...API_CONTEXT_MODULES,
        RealtimeModule,
        ...(extra ?? []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: Metrics, useValue: metrics },
        { provide: APP_PIPE, useClass: InputValidationPipe },
      ],
      exports: [Metrics],
    };
  }
}
