/**
 * Driver-data publication APIs (include/linux/device.h and bus twins). Setting drvdata makes an
 * object reachable by anyone holding the device: do it after the last step that can fail, and
 * never leave it pointing at an object an error path frees.
 */
export interface DrvdataApi {
  readonly name: string;
  readonly op: 'set' | 'get';
  /** Argument index of the device-like object. */
  readonly devArg: number;
  /** Argument index of the published value (for `set`). */
  readonly valueArg?: number;
}

const set = (name: string): DrvdataApi => ({ name, op: 'set', devArg: 0, valueArg: 1 });
const get = (name: string): DrvdataApi => ({ name, op: 'get', devArg: 0 });

export const DRVDATA_APIS: readonly DrvdataApi[] = [
  set('dev_set_drvdata'), get('dev_get_drvdata'),
  set('platform_set_drvdata'), get('platform_get_drvdata'),
  set('pci_set_drvdata'), get('pci_get_drvdata'),
  set('i2c_set_clientdata'), get('i2c_get_clientdata'),
  set('spi_set_drvdata'), get('spi_get_drvdata'),
  set('auxiliary_set_drvdata'), get('auxiliary_get_drvdata'),
  set('usb_set_intfdata'), get('usb_get_intfdata'),
  set('hid_set_drvdata'), get('hid_get_drvdata'),
  set('serdev_device_set_drvdata'), get('serdev_device_get_drvdata'),
];

export const DRVDATA_API_BY_NAME: ReadonlyMap<string, DrvdataApi> = new Map(DRVDATA_APIS.map(a => [a.name, a]));
