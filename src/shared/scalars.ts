/** Custom scalars: `DateTime` is an ISO-8601 string with a time zone (graphql-scalars). */
export { DateTimeResolver as DateTimeScalar } from 'graphql-scalars';
