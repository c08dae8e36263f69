import { registerEnumType } from 'type-graphql';

/** Sort direction of every ordered list in the API (posts, projects, tasks). */
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Smallest or oldest first.' }, DESC: { description: 'Largest or newest first.' } },
});
