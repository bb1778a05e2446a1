import type { LinkyFrame } from '@mapio/contracts';
import { eventually, MosquittoBroker, MqttRecorder, PtyPair, type ChildDaemon } from '@mapio/testkit';
import { newBox, startGpioHa } from './gpio-ha-under-test';

/** What a Linky test over a pty has: a broker, a recorder of the Linky and discovery topics, a pty pair. */
export interface LinkyRig {
  broker: MosquittoBroker;
  recorder: MqttRecorder;
  pty: PtyPair;
  /** Starts mapio-gpio-ha with Linky on, reading the pty (stopped after the test). */
  start(env: NodeJS.ProcessEnv): Promise<ChildDaemon>;
  /** The first `mapio/gpio-ha/linky` at or after `since` that `accept`s. */
  linky(accept: (payload: LinkyFrame) => boolean, since?: number): Promise<LinkyFrame>;
  /** The discovery node id of the daemon, from the first config it publishes (once the broker's
   * retained configs have been collected, which can be after the first Linky frames). */
  node(): Promise<string>;
}

/** Sets up a fresh rig before each test of the enclosing describe and tears it down after. */
export function linkyRig(): LinkyRig {
  let daemon: ChildDaemon | null = null;
  const rig = {} as LinkyRig;
  beforeEach(async () => {
    rig.broker = await MosquittoBroker.start();
    rig.recorder = await MqttRecorder.connect(rig.broker.url, ['mapio/gpio-ha/linky', 'homeassistant/#']);
    rig.pty = await PtyPair.open();
  });
  afterEach(async () => {
    await daemon?.stop();
    daemon = null;
    rig.pty.close();
    await rig.recorder.close();
    await rig.broker.destroy();
  });
  rig.start = async (env) => {
    daemon = await startGpioHa(rig.broker.url, newBox(), { MAPIO_LINKY: 'on', MAPIO_TIC_DEVICE: rig.pty.device, MAPIO_LINKY_PUBLISH_MS: '1000', ...env });
    return daemon;
  };
  rig.linky = async (accept, since = 0) => {
    const message = await rig.recorder.waitFor('mapio/gpio-ha/linky', (payload) => accept(JSON.parse(payload) as LinkyFrame), 20_000, since);
    return JSON.parse(message.payload) as LinkyFrame;
  };
  rig.node = () =>
    eventually(
      () => rig.recorder.messages.find((m) => m.topic.startsWith('homeassistant/') && m.topic.endsWith('/config'))?.topic.split('/')[2],
      20_000,
      'a discovery config',
    );
  return rig;
}
