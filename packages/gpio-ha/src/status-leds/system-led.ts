import { LongRunningDaemon, type Availability, type DockerEngineState, type InitPhase } from '@mapio/contracts';
import type { LedLook } from './led-look';

/** What LED1 (SYSTEM) listens to. Unknown = not heard of (yet, or since the broker went away). */
export interface SystemFacts {
  brokerConnected: boolean;
  availability: Partial<Record<LongRunningDaemon, Availability>>;
  docker: DockerEngineState | null;
  init: InitPhase | null;
}

export interface SystemVerdict {
  look: LedLook;
  /** Why, for the log line when the LED changes. */
  reason: string;
}

/**
 * LED1: orange while the system starts (init at work, or within `graceMs` of our start), green when
 * the three daemons are online and Docker runs, red for a failed init or, past the grace period,
 * anything offline or unknown. An init state never heard of does not block green: init is a
 * one-shot that may have run before the broker kept its state.
 */
export function systemLed(facts: SystemFacts, sinceStartMs: number, graceMs: number): SystemVerdict {
  if (facts.init === 'failed') return { look: { colour: 'red', blink: false }, reason: 'init failed' };
  if (facts.init === 'growing' || facts.init === 'checking') {
    return { look: { colour: 'orange', blink: false }, reason: `init ${facts.init}` };
  }
  const problems = problemsOf(facts);
  if (problems.length === 0) return { look: { colour: 'green', blink: false }, reason: 'all running' };
  if (sinceStartMs < graceMs) return { look: { colour: 'orange', blink: false }, reason: `starting: ${problems.join(', ')}` };
  return { look: { colour: 'red', blink: false }, reason: problems.join(', ') };
}

function problemsOf(facts: SystemFacts): string[] {
  if (!facts.brokerConnected) return ['broker unreachable'];
  const problems = LongRunningDaemon.options.filter((daemon) => facts.availability[daemon] !== 'online').map(
    (daemon) => `${daemon} ${facts.availability[daemon] ?? 'not heard of'}`,
  );
  if (facts.docker !== 'running') problems.push(`docker ${facts.docker ?? 'not heard of'}`);
  return problems;
}
