import { registerEnumType } from 'type-graphql';

/** Days of the week, Monday first (the order of a timetable's columns). */
export enum Weekday {
  MON = 'MON',
  TUE = 'TUE',
  WED = 'WED',
  THU = 'THU',
  FRI = 'FRI',
  SAT = 'SAT',
  SUN = 'SUN',
}

registerEnumType(Weekday, {
  name: 'Weekday',
  description: 'A day of the week.',
  valuesConfig: {
    MON: { description: 'Monday (월).' },
    TUE: { description: 'Tuesday (화).' },
    WED: { description: 'Wednesday (수).' },
    THU: { description: 'Thursday (목).' },
    FRI: { description: 'Friday (금).' },
    SAT: { description: 'Saturday (토).' },
    SUN: { description: 'Sunday (일).' },
  },
});
