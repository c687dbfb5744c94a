export { GraphQLDateTimeISO as DateTimeISO } from 'graphql-scalars';
