/**
 * devres APIs as data (Documentation/driver-api/driver-model/devres.rst): what each
 * registration manages, which argument is the callback and its data, and what happens when the
 * registration itself fails. `devm_add_action_or_reset()` runs the action synchronously on
 * failure — on the caller's thread, under whatever locks the caller holds.
 */
export interface DevresApi {
  readonly name: string;
  /** action: a callback run at unbind; alloc: managed memory; resource: a managed kernel object. */
  readonly kind: 'action' | 'alloc' | 'resource' | 'release';
  /** Argument index of the device. */
  readonly devArg: number;
  /** Argument index of the callback (for actions). */
  readonly actionArg?: number;
  /** Argument index of the callback's data (for actions). */
  readonly dataArg?: number;
  /** On failure the API itself calls the action with the data, before returning the error. */
  readonly runsActionOnFailure?: boolean;
  /** How failure is signalled by the return value. */
  readonly fails: 'nonzero' | 'null' | 'err-ptr' | 'never';
  /** The manual counterpart that must not be called on managed memory (`kfree` for devm_kzalloc). */
  readonly manualRelease?: string;
}

export const DEVRES_APIS: readonly DevresApi[] = [
  { name: 'devm_add_action', kind: 'action', devArg: 0, actionArg: 1, dataArg: 2, fails: 'nonzero' },
  { name: 'devm_add_action_or_reset', kind: 'action', devArg: 0, actionArg: 1, dataArg: 2, fails: 'nonzero', runsActionOnFailure: true },
  { name: 'devm_remove_action', kind: 'release', devArg: 0, actionArg: 1, dataArg: 2, fails: 'never' },
  { name: 'devm_release_action', kind: 'release', devArg: 0, actionArg: 1, dataArg: 2, fails: 'never' },
  { name: 'devm_kzalloc', kind: 'alloc', devArg: 0, fails: 'null', manualRelease: 'kfree' },
  { name: 'devm_kmalloc', kind: 'alloc', devArg: 0, fails: 'null', manualRelease: 'kfree' },
  { name: 'devm_kcalloc', kind: 'alloc', devArg: 0, fails: 'null', manualRelease: 'kfree' },
  { name: 'devm_kmalloc_array', kind: 'alloc', devArg: 0, fails: 'null', manualRelease: 'kfree' },
  { name: 'devm_krealloc', kind: 'alloc', devArg: 0, fails: 'null', manualRelease: 'kfree' },
  { name: 'devm_kstrdup', kind: 'alloc', devArg: 0, fails: 'null', manualRelease: 'kfree' },
  { name: 'devm_kasprintf', kind: 'alloc', devArg: 0, fails: 'null', manualRelease: 'kfree' },
  { name: 'devm_kmemdup', kind: 'alloc', devArg: 0, fails: 'null', manualRelease: 'kfree' },
  { name: 'devm_ioremap', kind: 'resource', devArg: 0, fails: 'null', manualRelease: 'iounmap' },
  { name: 'devm_ioremap_resource', kind: 'resource', devArg: 0, fails: 'err-ptr', manualRelease: 'iounmap' },
  { name: 'devm_request_irq', kind: 'resource', devArg: 0, fails: 'nonzero', manualRelease: 'free_irq' },
  { name: 'devm_request_threaded_irq', kind: 'resource', devArg: 0, fails: 'nonzero', manualRelease: 'free_irq' },
  { name: 'devm_request_region', kind: 'resource', devArg: 0, fails: 'null', manualRelease: 'release_region' },
  { name: 'devm_request_mem_region', kind: 'resource', devArg: 0, fails: 'null', manualRelease: 'release_mem_region' },
  { name: 'devm_clk_get', kind: 'resource', devArg: 0, fails: 'err-ptr', manualRelease: 'clk_put' },
  { name: 'devm_gpiod_get', kind: 'resource', devArg: 0, fails: 'err-ptr', manualRelease: 'gpiod_put' },
  { name: 'devm_regulator_get', kind: 'resource', devArg: 0, fails: 'err-ptr', manualRelease: 'regulator_put' },
  { name: 'devm_memremap', kind: 'resource', devArg: 0, fails: 'err-ptr', manualRelease: 'memunmap' },
  { name: 'devm_memremap_pages', kind: 'resource', devArg: 0, fails: 'err-ptr', manualRelease: 'memunmap_pages' },
];

export const DEVRES_API_BY_NAME: ReadonlyMap<string, DevresApi> = new Map(DEVRES_APIS.map(a => [a.name, a]));
