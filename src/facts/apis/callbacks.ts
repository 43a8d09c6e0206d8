/**
 * APIs that call a function pointer argument synchronously, on the caller's thread and under
 * the caller's locks: for lock and resource reasoning the callback is a call made here.
 */
export interface CallbackApi {
  readonly name: string;
  /** Argument index of the callback. */
  readonly callbackArg: number;
  /** When the callback runs: always (iterators), or only when the API fails. */
  readonly when: 'always' | 'on-failure';
}

export const CALLBACK_APIS: readonly CallbackApi[] = [
  { name: 'device_for_each_child', callbackArg: 2, when: 'always' },
  { name: 'device_for_each_child_reverse', callbackArg: 2, when: 'always' },
  { name: 'device_find_child', callbackArg: 2, when: 'always' },
  { name: 'bus_for_each_dev', callbackArg: 3, when: 'always' },
  { name: 'bus_for_each_drv', callbackArg: 3, when: 'always' },
  { name: 'class_for_each_device', callbackArg: 3, when: 'always' },
  { name: 'walk_iomem_res_desc', callbackArg: 5, when: 'always' },
  { name: 'walk_system_ram_range', callbackArg: 3, when: 'always' },
  { name: 'devm_add_action_or_reset', callbackArg: 1, when: 'on-failure' },
];

export const CALLBACK_API_BY_NAME: ReadonlyMap<string, CallbackApi> = new Map(CALLBACK_APIS.map(a => [a.name, a]));
