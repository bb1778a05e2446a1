/**
 * "The services may look different now": the one signal that whatever shows the services (the MQTT
 * state publisher) follows. The Engine's record of containers and the owner's compose file raise it.
 */
export class ChangeSignal {
  private readonly listeners = new Set<() => void>();

  notify(): void {
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
