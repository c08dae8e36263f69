/**
 * TypeGraphQL's `container` option: a registry of resolver instances built by createApp.
 * Unlike TypeGraphQL's default container it never `new`s an unregistered class, so a
 * resolver missing its wiring fails loudly instead of running without its services.
 */
import type { ContainerType, ResolverData } from 'type-graphql';

export class Registry implements ContainerType {
  private readonly instances = new Map<Function, unknown>();

  set<T extends object>(type: new (...args: never[]) => T, instance: T): this {
    this.instances.set(type, instance);
    return this;
  }

  get(type: Function, _resolverData: ResolverData<object>): unknown {
    const instance = this.instances.get(type);
    if (instance === undefined) throw new Error(`No instance registered for ${type.name}`);
    return instance;
  }
}
