/**
 * Acquire/release pairs for kernel resources that an error path must undo, as data.
 * `target` says where the acquired thing is: the return value or an argument.
 * request_resource/release_resource: deliberately absent — conditional release in callers
 * (`if (r->parent) release_resource(r)`) needs path merging first.
 */
export type ResourceKind = 'memory' | 'device-ref' | 'of-node-ref' | 'kobject-ref' | 'region' | 'id' | 'device-add' | 'device-init' | 'irq' | 'iomap' | 'module-ref';

export interface ResourceApi {
  readonly name: string;
  readonly op: 'acquire' | 'release';
  readonly kind: ResourceKind;
  /** `ret`: the return value is the resource; a number: that argument is. */
  readonly target: 'ret' | number;
  /** How failure of an acquire shows (the resource is not held on the failure branch). */
  readonly fails?: 'null' | 'err-ptr' | 'negative' | 'nonzero' | 'never';
  /** Releases accept NULL (kfree(NULL) is fine). */
  readonly nullSafe?: boolean;
}

const acq = (name: string, kind: ResourceKind, target: 'ret' | number, fails: NonNullable<ResourceApi['fails']>): ResourceApi => ({ name, op: 'acquire', kind, target, fails });
const rel = (name: string, kind: ResourceKind, target: 'ret' | number, nullSafe = false): ResourceApi => ({ name, op: 'release', kind, target, nullSafe });

export const RESOURCE_APIS: readonly ResourceApi[] = [
  ...['kmalloc', 'kzalloc', 'kcalloc', 'kmalloc_array', 'kstrdup', 'kstrndup', 'kmemdup', 'kasprintf', 'vmalloc', 'vzalloc', 'kvmalloc', 'kvzalloc', 'kvcalloc', 'kmem_cache_alloc', 'kmem_cache_zalloc']
    .map(n => acq(n, 'memory', 'ret', 'null')),
  ...['kfree', 'vfree', 'kvfree', 'kfree_sensitive'].map(n => rel(n, 'memory', 0, true)),
  rel('kmem_cache_free', 'memory', 1),
  // device references: get_device() returns its argument with a reference
  acq('get_device', 'device-ref', 'ret', 'never'),
  acq('device_find_child', 'device-ref', 'ret', 'null'),
  acq('bus_find_device', 'device-ref', 'ret', 'null'),
  acq('bus_find_device_by_name', 'device-ref', 'ret', 'null'),
  acq('class_find_device', 'device-ref', 'ret', 'null'),
  rel('put_device', 'device-ref', 0, true),
  acq('of_node_get', 'of-node-ref', 'ret', 'never'),
  acq('of_find_node_by_name', 'of-node-ref', 'ret', 'null'),
  acq('of_get_child_by_name', 'of-node-ref', 'ret', 'null'),
  acq('of_parse_phandle', 'of-node-ref', 'ret', 'null'),
  rel('of_node_put', 'of-node-ref', 0, true),
  acq('kobject_get', 'kobject-ref', 'ret', 'never'),
  rel('kobject_put', 'kobject-ref', 0, true),
  // resource regions: kernel/resource.c
  acq('__request_region', 'region', 'ret', 'null'),
  acq('request_mem_region', 'region', 'ret', 'null'),
  acq('request_region', 'region', 'ret', 'null'),
  rel('__release_region', 'region', 1),
  rel('release_mem_region', 'region', 0),
  rel('release_region', 'region', 0),
  // ids: lib/idr.c
  acq('ida_alloc', 'id', 'ret', 'negative'),
  acq('ida_alloc_max', 'id', 'ret', 'negative'),
  acq('ida_alloc_min', 'id', 'ret', 'negative'),
  acq('ida_alloc_range', 'id', 'ret', 'negative'),
  acq('ida_simple_get', 'id', 'ret', 'negative'),
  rel('ida_free', 'id', 1),
  rel('ida_simple_remove', 'id', 1),
  // device registration: drivers/base/core.c
  acq('device_add', 'device-add', 0, 'nonzero'),
  acq('device_register', 'device-add', 0, 'nonzero'),
  rel('device_del', 'device-add', 0),
  rel('device_unregister', 'device-add', 0),
  acq('request_irq', 'irq', 0, 'nonzero'),
  acq('request_threaded_irq', 'irq', 0, 'nonzero'),
  rel('free_irq', 'irq', 0),
  acq('ioremap', 'iomap', 'ret', 'null'),
  rel('iounmap', 'iomap', 0),
  acq('try_module_get', 'module-ref', 0, 'nonzero'),
  rel('module_put', 'module-ref', 0),
];

export const RESOURCE_API_BY_NAME: ReadonlyMap<string, ResourceApi> = new Map(RESOURCE_APIS.map(a => [a.name, a]));
