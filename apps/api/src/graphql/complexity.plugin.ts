import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLSchema } from 'graphql';
import {
  ComplexityEstimator,
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
} from 'graphql-query-complexity';

const PAGE_CAP = 100;

/** Fields with a `page` argument cost their children times the page size asked for. */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const page = args?.page as { first?: number } | undefined;
  if (!page && !('page' in (args ?? {}))) return undefined;
  // Oversized pages are refused by the resolver with BAD_USER_INPUT on page.first; cost them at the cap.
  return 1 + childComplexity * Math.min(PAGE_CAP, Math.max(1, page?.first ?? 20));
};

/** Refuses operations whose estimated cost exceeds the limit, before any resolver runs. */
export function complexityPlugin(maxComplexity: number): ApolloServerPlugin {
  let schema: GraphQLSchema;
  return {
    async serverWillStart(service) {
      schema = service.schema;
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema,
            operationName: request.operationName,
            query: document,
            variables: request.variables,
            estimators: [
              pagedEstimator,
              fieldExtensionsEstimator(),
              simpleEstimator({ defaultComplexity: 1 }),
            ],
          });
          if (complexity > maxComplexity) {
            throw new GraphQLError(`Query is too complex: ${complexity} (maximum ${maxComplexity})`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', complexity, maxComplexity },
            });
          }
        },
      };
    },
  };
}
