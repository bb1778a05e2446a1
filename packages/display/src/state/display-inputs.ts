import type { DockerState, HttpState, InitState, NetworkState, OtaState, Pairing, PowerState, WifiApState } from '@mapio/contracts';

/** What the other daemons tell the display (null until they have said it). */
export interface DisplayInputs {
  power: PowerState | null;
  network: NetworkState | null;
  docker: DockerState | null;
  http: HttpState | null;
  pairing: Pairing | null;
  wifiAp: WifiApState | null;
  ota: OtaState | null;
  init: InitState | null;
}

export type InputName = keyof DisplayInputs;

export const NO_INPUTS: DisplayInputs = {
  power: null,
  network: null,
  docker: null,
  http: null,
  pairing: null,
  wifiAp: null,
  ota: null,
  init: null,
};

/** The latest value of each input, and who to tell when one changes. */
export class DisplayStore {
  private state: DisplayInputs = { ...NO_INPUTS };
  private readonly listeners = new Set<(name: InputName) => void>();

  get snapshot(): DisplayInputs {
    return this.state;
  }

  set<K extends InputName>(name: K, value: DisplayInputs[K]): void {
    this.state = { ...this.state, [name]: value };
    for (const listener of this.listeners) listener(name);
  }

  onChange(listener: (name: InputName) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
