/**
 * What the fast path's SQL builders share while they walk one operation: the viewer's
 * rights, the document's fragments, the operation's variables, and fresh table aliases.
 */
import { getArgumentValues, isObjectType, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { memberSchoolId } from '../auth/membership';
import type { Viewer } from '../auth/viewer';
import { isStaff } from '../modules/community/community.policy';
import type { Calendar } from '../modules/project/calendar';
import { todayIn, type Today } from '../modules/project/due-dates';
import { ID_MAX_LENGTH } from '../shared/ids';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../shared/pagination';
import { notCovered, unknownSelection } from './json-sql';
import { collectFields, type Fragments, type SelectedField } from './selection';

/** Longer ones are refused by the resolver path's validation. */
const CURSOR_MAX_LENGTH = 1024;

export interface WalkViewer {
  id: string;
  staff: boolean;
  /** The school whose community the viewer reads (membership.ts), null when none. */
  memberSchoolId: string | null;
}

export class Walk {
  readonly viewer: WalkViewer;
  private aliases = 0;

  private readonly todayByZone = new Map<string, Today>();
  /** "Now", read once per request (as the resolver path's calendar does). */
  private now: Date | null = null;

  constructor(
    private readonly schema: GraphQLSchema,
    readonly fragments: Fragments,
    private readonly variables: Record<string, unknown>,
    private readonly account: Viewer,
    private readonly calendar: Calendar,
  ) {
    this.viewer = { id: account.id, staff: isStaff(account), memberSchoolId: memberSchoolId(account) };
  }

  /** Today in the zone of the argument, else the viewer's profile, else the default (an unknown zone: not covered). */
  today(timeZone: unknown): Today {
    if (timeZone != null && typeof timeZone !== 'string') notCovered();
    let zone: string;
    try {
      zone = this.calendar.zoneFor(this.account, timeZone as string | null | undefined);
    } catch {
      return notCovered();
    }
    this.now ??= this.calendar.now();
    let today = this.todayByZone.get(zone);
    if (!today) {
      today = todayIn(this.now, zone);
      this.todayByZone.set(zone, today);
    }
    return today;
  }

  /** The response keys selected on an object of `typeName` (not covered: fragments on other types, directives). */
  fields(selections: readonly SelectionSetNode[], typeName: string): SelectedField[] {
    return collectFields(selections, typeName, this.fragments) ?? unknownSelection();
  }

  /** The field's arguments, coerced as graphql-js coerces them (defaults filled in). */
  args(field: SelectedField, parentTypeName: string): Record<string, unknown> {
    const parent = this.schema.getType(parentTypeName);
    const definition = isObjectType(parent) ? parent.getFields()[field.name] : undefined;
    if (!definition) return unknownSelection();
    try {
      return getArgumentValues(definition, field.node, this.variables);
    } catch {
      return notCovered();
    }
  }

  /** A list's `first` as the resolver path takes it (1-100, default 20); anything else is its to refuse. */
  pageSize(args: Record<string, unknown>): number {
    const first = args.first ?? DEFAULT_PAGE_SIZE;
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) notCovered();
    return first;
  }

  /** A list's `after`, or null; the cursor itself is checked by the codec where it is read. */
  after(args: Record<string, unknown>): string | null {
    const after = args.after ?? null;
    if (after !== null && (typeof after !== 'string' || after.length > CURSOR_MAX_LENGTH)) notCovered();
    return after as string | null;
  }

  /** An id argument the resolver path would accept. */
  id(value: unknown): string {
    if (typeof value !== 'string' || value.length > ID_MAX_LENGTH) notCovered();
    return value;
  }

  /** A table alias not used elsewhere in the statement. */
  alias(): string {
    return `r${++this.aliases}`;
  }
}
