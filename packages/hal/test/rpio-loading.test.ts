import { readFileSync } from 'node:fs';
import { loadRpio } from '@mapio/hal';

const onRaspberryPi = (() => {
  try {
    return /Raspberry Pi/.test(readFileSync('/proc/device-tree/model', 'utf8'));
  } catch {
    return false;
  }
})();

describe('loading rpio for SPI (/dev/mem)', () => {
  (onRaspberryPi ? it.skip : it)('refuses a board rpio does not recognise, naming SPI, instead of pretending', () => {
    expect(() => loadRpio({ gpiomem: false })).toThrow(
      'rpio: this is not a Raspberry Pi it recognises (it would only pretend to drive GPIOs and SPI)',
    );
  });
});
